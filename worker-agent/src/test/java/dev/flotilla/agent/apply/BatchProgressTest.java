package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.StepProgress;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchProgressTest {

    private static final HistoryTable.StepRecord RECORD = HistoryTable.StepRecord.ofStep(
            Version.of("0007"), "backfill", "c", HistoryTable.UP, UUID.randomUUID(), UUID.randomUUID(), "a", "ann");

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void shouldMeasureTheRateOfThisRunAloneWhenResumed() {
        // given a run that resumes after 4,000 keys of a 10,000-row table
        BatchProgress progress = new BatchProgress(RECORD, 4_000, Optional.of(10_000L), now::get);

        // when it commits 1,000 keys in two seconds
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        StepProgress reported = progress.committed(1_000, "5000");

        // then
        assertThat(reported.rowsDone()).isEqualTo(5_000);
        assertThat(reported.rowsTotal()).isEqualTo(10_000L);
        assertThat(reported.rowsPerSecond()).isEqualTo(500.0);
        assertThat(reported.etaSeconds()).isEqualTo(10L);
        assertThat(reported.cursor()).isEqualTo("5000");
        assertThat(reported.version()).isEqualTo(Version.of("0007"));
    }

    @Test
    void shouldNeverReportATotalBelowWhatIsDoneWhenTheEstimateLags() {
        BatchProgress progress = new BatchProgress(RECORD, 0, Optional.of(100L), now::get);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));

        StepProgress reported = progress.committed(150, "150");

        assertThat(reported.rowsTotal()).isEqualTo(150L);
        assertThat(reported.etaSeconds()).isZero();
    }

    @Test
    void shouldLeaveTotalAndEtaUnknownWhenTheTableHasNoStatistics() {
        BatchProgress progress = new BatchProgress(RECORD, 0, Optional.empty(), now::get);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));

        StepProgress reported = progress.committed(10, "10");

        assertThat(reported.rowsTotal()).isNull();
        assertThat(reported.etaSeconds()).isNull();
        assertThat(reported.rowsPerSecond()).isEqualTo(10.0);
    }
}
