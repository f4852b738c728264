package dev.flotilla.coordinator.rollout;

import java.time.Instant;

/**
 * A batched step in a run that has not finished, as its agent last reported it; the API shows it as
 * it is (unknown values as null).
 *
 * @param rowsDone keys done over every run of the step
 * @param rowsTotal the table's estimated size; null when the table has no statistics yet
 * @param rowsPerSecond the current run's rate; null until its first batch is measured
 * @param etaSeconds null when unknown
 */
public record BatchProgress(
        String tenant,
        String version,
        long rowsDone,
        Long rowsTotal,
        Double rowsPerSecond,
        Long etaSeconds,
        Instant reportedAt) {}
