package dev.flotilla.coordinator.plan;

import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Turns a catalog and a target into a plan and per-tenant paths. Pure: no I/O, no clock.
 */
public final class Planner {

    private Planner() {}

    /**
     * The plan for migrating up to {@code target}: every catalog migration up to it, with scripts, so
     * any tenant below the target finds its steps in it.
     */
    public static PlanPublished planUpTo(Catalog catalog, Version target) {
        return planOf(catalog.upTo(target));
    }

    /** The plan with exactly these migrations' scripts, in the given order. */
    public static PlanPublished planOf(List<Migration> migrations) {
        List<PlanStep> steps = migrations.stream().map(Planner::step).toList();
        return new PlanPublished(PlanPublished.contentId(steps), steps);
    }

    /** The migrations a target takes a tenant through, in catalog order. */
    public static List<Migration> migrationsOf(Catalog catalog, Target target) {
        return switch (target) {
            case Target.ToVersion version -> catalog.upTo(version.version());
            case Target.ToRelease release -> catalog.upTo(release.release().upTo());
            case Target.Batch batch -> batch.selection().resolve(catalog);
        };
    }

    /** The versions a tenant that has {@code applied} must run, in order, to reach {@code target}. */
    public static List<Version> pathUp(Catalog catalog, Version target, Set<Version> applied) {
        return path(catalog.upTo(target), applied);
    }

    /** Of {@code migrations}, the versions a tenant that has {@code applied} has yet to run, in order. */
    public static List<Version> path(List<Migration> migrations, Set<Version> applied) {
        return pathOf(migrations.stream().map(Migration::version).toList(), applied);
    }

    /** Of {@code versions} (a plan's), those a tenant that has {@code applied} has yet to run, in order. */
    public static List<Version> pathOf(List<Version> versions, Set<Version> applied) {
        return versions.stream().filter(v -> !applied.contains(v)).toList();
    }

    /**
     * The catalog's migrations that come before the last of {@code steps} but that a tenant with
     * {@code applied} would neither have nor run: what a custom batch jumps over, in catalog order.
     */
    public static List<Version> skipped(Catalog catalog, List<Version> steps, Set<Version> applied) {
        if (steps.isEmpty()) {
            return List.of();
        }
        Set<Version> running = Set.copyOf(steps);
        return catalog.upTo(steps.getLast()).stream()
                .map(Migration::version)
                .filter(v -> !applied.contains(v) && !running.contains(v))
                .toList();
    }

    private static PlanStep step(Migration m) {
        return new PlanStep(
                m.version(),
                m.name(),
                m.up().sql(),
                m.checksum(),
                m.up().directives().transactional(),
                m.down().map(d -> d.sql()).orElse(null),
                m.down().map(d -> d.checksum()).orElse(null),
                m.down().map(d -> d.directives().transactional()).orElse(true),
                m.up().directives().lockTimeout().map(Duration::toMillis).orElse(null),
                m.up().directives().statementTimeout().map(Duration::toMillis).orElse(null));
    }
}
