package dev.flotilla.agent.apply;

import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.model.wire.StepProgress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How far a batched step is, and how fast it goes: keys covered over all its runs, the table's
 * estimated size, and the rate of this run alone (a resumed run does not count the keys an earlier
 * run covered as its own). Pure arithmetic over a nanosecond ticker.
 */
final class BatchProgress {

    private final HistoryTable.StepRecord record;
    private final LongSupplier nanos;
    private final long startNanos;
    private final long doneBefore;
    private final Optional<Long> estimated;
    private long rowsDone;

    /**
     * @param doneBefore keys earlier runs committed
     * @param estimated the table's row count as its statistics say, empty when unknown
     */
    BatchProgress(HistoryTable.StepRecord record, long doneBefore, Optional<Long> estimated, LongSupplier nanos) {
        this.record = record;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.doneBefore = doneBefore;
        this.estimated = estimated;
        this.rowsDone = doneBefore;
    }

    BatchProgress(HistoryTable.StepRecord record, long doneBefore, Optional<Long> estimated) {
        this(record, doneBefore, estimated, System::nanoTime);
    }

    long rowsDone() {
        return rowsDone;
    }

    /** Counts a committed batch and says where the step stands. */
    StepProgress committed(long keys, String cursor) {
        rowsDone += keys;
        double seconds = (nanos.getAsLong() - startNanos) / (double) TimeUnit.SECONDS.toNanos(1);
        Double rate = seconds > 0 ? (rowsDone - doneBefore) / seconds : null;
        // The estimate lags behind the table: never report fewer in total than are already done.
        Long total = estimated.map(rows -> Math.max(rows, rowsDone)).orElse(null);
        Long eta = total == null || rate == null || rate <= 0 ? null : Math.round((total - rowsDone) / rate);
        return new StepProgress(record.runId(), record.version(), rowsDone, total, cursor, rate, eta);
    }
}
