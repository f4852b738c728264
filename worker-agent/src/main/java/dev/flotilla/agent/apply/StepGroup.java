package dev.flotilla.agent.apply;

import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Consecutive transactional steps of a run that share one transaction ({@code steps-per-transaction}):
 * which ones may, and the script of each with the agent's default timeouts. Pure.
 */
final class StepGroup {

    private StepGroup() {}

    /** A transactional step to run in a group: its version, its script and its history row. */
    record Member(Version version, StepDecision.Run run, HistoryTable.StepRecord record) {

        StepExecutor.Grouped grouped(StepExecutor.Script withDefaults) {
            return new StepExecutor.Grouped(record, withDefaults);
        }
    }

    /**
     * The transactional steps to run from {@code from} on, at most {@code max}, stopping before the
     * first step that is not a transactional one to run (already done, refused, non-transactional,
     * batched, not in the plan).
     */
    static List<Member> from(
            Map<Version, HistoryEntry> current,
            PlanPublished plan,
            List<Version> steps,
            int from,
            int max,
            RunEvents context,
            String agentId) {
        List<Member> group = new ArrayList<>();
        for (int i = from; i < steps.size() && group.size() < max; i++) {
            Version version = steps.get(i);
            Optional<PlanStep> step = stepOf(plan, version);
            if (step.isEmpty()
                    || !(StepDecision.decide(current, step.get(), context.run.direction())
                            instanceof StepDecision.Run run)
                    || !run.script().groupable()) {
                break;
            }
            group.add(new Member(version, run, context.record(version, step.get(), run.checksum(), agentId)));
        }
        return group;
    }

    static Optional<PlanStep> stepOf(PlanPublished plan, Version version) {
        return plan.steps().stream().filter(s -> version.equals(s.version())).findFirst();
    }
}
