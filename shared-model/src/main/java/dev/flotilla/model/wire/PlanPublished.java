package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Checksum;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/**
 * A plan with every script it may run; on the compacted {@code flotilla.plans} topic, keyed by plan
 * id. Content-addressed: the id is {@link #contentId(List)} of the steps, so an agent can verify that
 * what it received is what the coordinator planned, and signed ({@link PlanSignature}) so it can verify
 * who planned it.
 *
 * @param signature the coordinator's signature of the id; null when the coordinator signs no plans
 */
public record PlanPublished(String planId, List<PlanStep> steps, String signature) implements Payload {

    public PlanPublished {
        steps = List.copyOf(steps);
    }

    /** An unsigned plan. */
    public PlanPublished(String planId, List<PlanStep> steps) {
        this(planId, steps, null);
    }

    public PlanPublished signedWith(PrivateKey key) {
        return new PlanPublished(planId, steps, PlanSignature.sign(planId, key));
    }

    /** True when the content matches the id and {@code key} signed the id. */
    public boolean trustedBy(PublicKey key) {
        return verified() && PlanSignature.valid(planId, signature, key);
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
