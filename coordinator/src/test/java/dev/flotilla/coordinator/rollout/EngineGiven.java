package dev.flotilla.coordinator.rollout;

import dev.flotilla.coordinator.plan.Concurrency;
import dev.flotilla.coordinator.plan.FailureBudget;
import dev.flotilla.coordinator.plan.OnBreach;
import dev.flotilla.coordinator.plan.WaveSpec;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A snapshot under construction for the engine's table tests: waves, their counts, pending runs, and
 * the rollout's own fields, which a test sets directly.
 */
final class EngineGiven {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    RolloutState state = RolloutState.RUNNING;
    int current;
    String reason;
    Instant wakeAt;
    FailureBudget budget = FailureBudget.NONE;
    Concurrency concurrency = Concurrency.fleetOf(10);
    Direction direction = Direction.UP;
    OnBreach onBreach = OnBreach.HALT;
    boolean allowIrreversible;
    final List<Wave> waves = new ArrayList<>();
    final Map<Integer, RunCounts> counts = new HashMap<>();
    final List<RolloutSnapshot.Queued> pending = new ArrayList<>();
    Concurrency.InFlight inFlight = Concurrency.InFlight.none();

    /** Run counts from pairs of state and count. */
    static RunCounts counts(Object... stateAndCount) {
        Map<RunState, Integer> byState = new EnumMap<>(RunState.class);
        for (int i = 0; i < stateAndCount.length; i += 2) {
            byState.put((RunState) stateAndCount[i], (Integer) stateAndCount[i + 1]);
        }
        return new RunCounts(byState);
    }

    static UUID run(int n) {
        return new UUID(7, n);
    }

    EngineGiven wave(String name, boolean approval, Duration soak, Instant started, Instant done, String approvedBy) {
        return wave(name, approval, soak, started, done, approvedBy, null);
    }

    /** A wave whose breach already asked for its rollback at {@code rollbackAskedAt} (nullable). */
    EngineGiven wave(
            String name,
            boolean approval,
            Duration soak,
            Instant started,
            Instant done,
            String approvedBy,
            Instant rollbackAskedAt) {
        WaveSpec spec = new WaveSpec(name, "*", OptionalInt.empty(), soak, approval);
        waves.add(new Wave(
                waves.size(), spec, started, done, approvedBy, approvedBy == null ? null : T0, rollbackAskedAt));
        return this;
    }

    EngineGiven counts(int wave, RunCounts runs) {
        counts.put(wave, runs);
        return this;
    }

    EngineGiven pending(int wave, int... runs) {
        for (int n : runs) {
            pending.add(new RolloutSnapshot.Queued(run(n), wave, "site-a"));
        }
        return this;
    }

    RolloutSnapshot snapshot() {
        Rollout rollout = new Rollout(
                ID,
                "plan",
                Map.of("version", "0003"),
                Version.of("0003"),
                state,
                concurrency,
                budget,
                List.of("site-a"),
                current,
                reason,
                wakeAt,
                T0,
                null,
                direction,
                direction == Direction.DOWN ? new UUID(0, 9) : null,
                onBreach,
                allowIrreversible);
        return new RolloutSnapshot(rollout, waves, counts, inFlight, pending);
    }

    List<Change> decide(Instant now) {
        return RolloutEngine.decide(snapshot(), now);
    }
}
