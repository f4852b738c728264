package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.testkit.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The agent's metrics, scraped from {@code /q/metrics} over HTTP after a real run on a real tenant:
 * a step applied, a batched step, and a step that fails. The versions are this test's alone, so
 * the counts tagged with them are its own, whatever other tests of this application ran before.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class MetricsTest extends AgentIntegrationTest {

    private static final String SITE = "site=\"" + AgentTestResources.SITE + "\"";

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void shouldCountTheStepsRowsAndRunByVersionAndSiteWhenARunAppliesTwoStepsAndFailsAtTheThird() {
        // given 2,500 rows to backfill in batches of 1,000, then a step that fails
        String tenant = servedTenant("tenant_0060");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional(
                        "0801",
                        "create_counted",
                        "create table counted (id bigint primary key, n int not null default 0);"
                                + " insert into counted (id) select g from generate_series(1, 2500) g;"),
                Steps.transactional(
                        "0802",
                        "bump_counted",
                        "-- flotilla:batch table=counted key=id size=1000\n"
                                + "update counted set n = n + 1 where id > :lo and id <= :hi;\n"),
                Steps.transactional("0803", "divide_by_zero", "select 1 / 0;")));
        double failedRunsBefore = failedRuns(Scrape.of(metrics));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0801", "0802", "0803");

        // then
        assertThat(EventLog.payloads(events.awaitFinished(runId), RunFinished.class))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.FAILED);
        await().atMost(EventLog.TIMEOUT).untilAsserted(() -> {
            Scrape scrape = Scrape.of(metrics);
            assertThat(scrape.samples())
                    .contains(
                            entry(series("flotilla_steps_applied_total", "0801"), 1.0),
                            entry(series("flotilla_steps_applied_total", "0802"), 1.0),
                            entry(series("flotilla_batched_rows_total", "0802"), 2500.0),
                            entry(series("flotilla_step_duration_seconds_count", "0801"), 1.0),
                            entry(series("flotilla_step_duration_seconds_count", "0802"), 1.0),
                            entry(
                                    "flotilla_steps_failed_total{code=\"sql_error\",direction=\"up\"," + SITE
                                            + ",version=\"0803\"}",
                                    1.0),
                            entry("flotilla_events_unsent{" + SITE + "}", 0.0));
            assertThat(scrape.named("flotilla_steps_applied_total"))
                    .doesNotContainKey(series("flotilla_steps_applied_total", "0803"));
            assertThat(scrape.named("flotilla_step_duration_seconds_bucket"))
                    .as("a histogram for Prometheus, every step below its last bucket")
                    .containsEntry(
                            "flotilla_step_duration_seconds_bucket{direction=\"up\",le=\"+Inf\"," + SITE
                                    + ",version=\"0801\"}",
                            1.0)
                    .satisfies(buckets -> assertThat(buckets.keySet())
                            .filteredOn(series -> series.contains("version=\"0801\""))
                            .hasSizeGreaterThan(20));
            assertThat(failedRuns(scrape))
                    .as("runs of other tests may end meanwhile")
                    .isGreaterThanOrEqualTo(failedRunsBefore + 1);
        });
        assertThat(String.join("\n", Scrape.of(metrics).samples().keySet()))
                .as("no series names a tenant")
                .doesNotContain(tenant);
    }

    private static String series(String name, String version) {
        return name + "{direction=\"up\"," + SITE + ",version=\"" + version + "\"}";
    }

    private static double failedRuns(Scrape scrape) {
        return scrape.value("flotilla_runs_total{outcome=\"failed\"," + SITE + "}")
                .orElse(0.0);
    }
}
