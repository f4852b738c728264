package dev.flotilla.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class ScrapeTest {

    @Test
    void shouldNameEverySeriesWithSortedLabelsWhenTheRegistryWroteThemInAnyOrder() {
        // given
        String text = """
                # HELP flotilla_steps_applied_total Steps applied
                # TYPE flotilla_steps_applied_total counter
                flotilla_steps_applied_total{version="0001",site="eu-1",direction="up",} 2.0
                flotilla_outbox_rows 0.0
                flotilla_step_duration_seconds_bucket{le="+Inf",version="0001"} 3.0 1700000000000
                odd{reason="a \\"quoted\\" }, value"} NaN
                """;

        // when
        Scrape scrape = Scrape.parse(text);

        // then
        assertThat(scrape.samples())
                .containsOnly(
                        entry("flotilla_steps_applied_total{direction=\"up\",site=\"eu-1\",version=\"0001\"}", 2.0),
                        entry("flotilla_outbox_rows", 0.0),
                        entry("flotilla_step_duration_seconds_bucket{le=\"+Inf\",version=\"0001\"}", 3.0),
                        entry("odd{reason=\"a \\\"quoted\\\" }, value\"}", Double.NaN));
        assertThat(scrape.named("flotilla_steps_applied_total")).hasSize(1);
        assertThat(scrape.named("flotilla_outbox")).isEmpty();
        assertThat(scrape.value("flotilla_outbox_rows")).contains(0.0);
    }
}
