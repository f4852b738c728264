package dev.flotilla.coordinator.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the relay does with a batch of outbox rows once each send has an outcome. Pure.
 *
 * <p>The rows leave the outbox in order, up to the first row that failed for a reason that may pass:
 * that row and every row behind it stay, so they are sent again, in order, after a pause (rows behind it
 * that the broker took are then sent twice; readers dedupe by message id). A refused row before it
 * leaves the outbox as a dead letter, and the rows behind it go on.
 *
 * @param done the rows to delete from the outbox: sent, or refused (then also in {@code refused})
 * @param refused the rows that can never be sent, each with its reason, for the dead letters
 * @param failure why the first failed row was kept; empty when nothing was kept back
 */
record BatchOutcome(List<Long> done, List<RefusedRow> refused, Optional<String> failure) {

    /** A row the broker can never take. */
    record RefusedRow(long seq, String reason) {}

    /**
     * @param seqs the batch's rows, oldest first
     * @param outcomes each row's outcome, in the same order
     */
    static BatchOutcome of(List<Long> seqs, List<SendOutcome> outcomes) {
        if (seqs.size() != outcomes.size()) {
            throw new IllegalArgumentException(seqs.size() + " rows but " + outcomes.size() + " outcomes");
        }
        List<Long> done = new ArrayList<>();
        List<RefusedRow> refused = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            long seq = seqs.get(i);
            switch (outcomes.get(i)) {
                case SendOutcome.Sent sent -> done.add(seq);
                case SendOutcome.Refused r -> {
                    done.add(seq);
                    refused.add(new RefusedRow(seq, r.reason()));
                }
                case SendOutcome.Failed f -> {
                    return new BatchOutcome(done, refused, Optional.of(f.reason()));
                }
            }
        }
        return new BatchOutcome(done, refused, Optional.empty());
    }
}
