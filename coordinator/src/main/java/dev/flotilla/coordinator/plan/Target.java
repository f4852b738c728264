package dev.flotilla.coordinator.plan;

import dev.flotilla.model.catalog.Release;
import dev.flotilla.model.catalog.Selection;
import dev.flotilla.model.catalog.Version;

/** What a rollout migrates tenants to. */
public sealed interface Target {

    /** Every migration up to and including a version. */
    record ToVersion(Version version) implements Target {}

    /** Every migration up to the release's last one (so the releases before it too). */
    record ToRelease(Release release) implements Target {}

    /** A custom batch: the migrations at these catalog positions, in catalog order. */
    record Batch(String text, Selection selection) implements Target {}
}
