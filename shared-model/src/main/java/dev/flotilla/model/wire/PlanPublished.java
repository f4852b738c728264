package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Checksum;
import java.util.List;

/**
 * A plan with every script it may run; on the compacted {@code flotilla.plans} topic, keyed by plan
 * id. Content-addressed: the id is {@link #contentId(List)} of the steps, so an agent can verify that
 * what it received is what the coordinator planned.
 */
public record PlanPublished(String planId, List<PlanStep> steps) implements Payload {

    public PlanPublished {
        steps = List.copyOf(steps);
    }

    /** SHA-256 over each step's version, name and checksums, in order. */
    public static String contentId(List<PlanStep> steps) {
        StringBuilder canonical = new StringBuilder("flotilla-plan-v1\n");
        for (PlanStep step : steps) {
            canonical
                    .append(step.version())
                    .append(' ')
                    .append(step.name())
                    .append(' ')
                    .append(step.upChecksum())
                    .append(' ')
                    .append(Checksum.sha256Hex(step.upSql()))
                    .append(' ')
                    .append(step.downSql() == null ? "-" : Checksum.sha256Hex(step.downSql()))
                    .append(' ')
                    .append(step.upTransactional())
                    .append(step.downTransactional())
                    .append(' ')
                    .append(step.lockTimeoutMs())
                    .append(' ')
                    .append(step.statementTimeoutMs())
                    .append('\n');
        }
        return Checksum.sha256Hex(canonical.toString());
    }

    /** True when the id matches the content, that is nothing was altered on the way. */
    public boolean verified() {
        return planId.equals(contentId(steps));
    }
}
