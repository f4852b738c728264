package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchBarsTest {

    @Test
    void shouldDrawABarPerBatchedStepWhenRolloutShowsRunningBatches() throws Exception {
        String rendered = RolloutShowCommand.render(Json.MAPPER.readTree("""
                {"id": "r1", "state": "RUNNING", "runs": {"total": 2},
                 "batches": [
                   {"tenant": "acme", "version": "0007", "rowsDone": 50000, "rowsTotal": 200000,
                    "rowsPerSecond": 2500.4, "etaSeconds": 60},
                   {"tenant": "globex", "version": "0007", "rowsDone": 1200}
                 ]}
                """));

        assertThat(rendered).contains("batched steps:");
        assertThat(rendered.lines().filter(l -> l.contains("acme")))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("[######------------------]")
                        .contains("25%")
                        .contains("50,000 / 200,000")
                        .contains("2,500/s")
                        .contains("1m0s"));
        assertThat(rendered.lines().filter(l -> l.contains("globex")))
                .singleElement()
                .satisfies(line -> assertThat(line).contains("[????").contains("1,200 / ?"));
    }

    @Test
    void shouldNeverOverfillTheBarWhenTheEstimateIsLow() {
        assertThat(BatchBars.bar(150, 100)).isEqualTo("[" + "#".repeat(BatchBars.WIDTH) + "]");
        assertThat(BatchBars.bar(0, 100)).isEqualTo("[" + "-".repeat(BatchBars.WIDTH) + "]");
    }

    @Test
    void shouldShowNoBatchSectionWhenNoneRuns() throws Exception {
        assertThat(RolloutShowCommand.render(Json.MAPPER.readTree("{\"id\": \"r1\", \"runs\": {}}")))
                .doesNotContain("batched steps");
    }
}
