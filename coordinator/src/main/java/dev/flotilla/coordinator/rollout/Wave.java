package dev.flotilla.coordinator.rollout;

import dev.flotilla.coordinator.plan.WaveSpec;
import java.time.Instant;

/**
 * One wave of a rollout and the facts its gate is decided on.
 *
 * @param position 0-based, in the plan's order
 * @param startedAt when its first runs could be dispatched; null while an earlier wave runs
 * @param doneAt when all its runs were last seen finished; null while some are not
 * @param approvedBy who approved it; null until approved
 * @param approvedAt when; null until approved
 * @param rollbackAskedAt when its breach asked for its automatic rollback (started, or refused and
 *     recorded why); null until then, and it is asked only once
 */
public record Wave(
        int position,
        WaveSpec spec,
        Instant startedAt,
        Instant doneAt,
        String approvedBy,
        Instant approvedAt,
        Instant rollbackAskedAt) {

    public String name() {
        return spec.name();
    }

    /** The wave's state, the rollout standing at wave {@code current}. */
    public WaveState stateAt(int current, Instant now) {
        if (startedAt == null) {
            return awaitingApproval() ? WaveState.AWAITING_APPROVAL : WaveState.WAITING;
        }
        if (doneAt == null) {
            return WaveState.RUNNING;
        }
        boolean soaking = position == current && now.isBefore(doneAt.plus(spec.soak()));
        return soaking ? WaveState.SOAKING : WaveState.DONE;
    }

    /** It needs an approval to start and has none. */
    public boolean awaitingApproval() {
        return startedAt == null && spec.approval() && approvedBy == null;
    }

    Wave started(Instant at) {
        return new Wave(position, spec, at, doneAt, approvedBy, approvedAt, rollbackAskedAt);
    }

    Wave doneAt(Instant at) {
        return new Wave(position, spec, startedAt, at, approvedBy, approvedAt, rollbackAskedAt);
    }
}
