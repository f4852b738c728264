package dev.flotilla.bench.contenders;

import java.time.Duration;

/**
 * One way of migrating a fleet, timed on fresh tenant schemas. Each round is {@link #prepare} (not
 * timed), {@link #migrate} and {@link #recheck} (timed), {@link #verify} (not timed: a contender that
 * did not migrate every tenant has no valid time) and {@link #cleanup}.
 */
public sealed interface Contender permits RawJdbc, FlywayLoop, FlotillaStack {

    String name();

    /** Makes {@code tenants} fresh, empty tenant schemas and whatever the contender needs to start. */
    void prepare() throws Exception;

    /** Brings every tenant to the catalog's latest version; returns how long that took. */
    Duration migrate() throws Exception;

    /** Checks the up-to-date fleet once more, as the tool would before its next change. */
    Duration recheck() throws Exception;

    /** Fails, naming what is missing, unless every tenant has every migration applied. */
    void verify() throws Exception;

    /** Removes what {@link #prepare} made; safe to call after a failure and more than once. */
    void cleanup();
}
