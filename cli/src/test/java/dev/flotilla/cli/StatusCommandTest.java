package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    @Test
    void shouldShowACountColumnPerStateAndTheTenantTotalWhenGivenASummary() throws Exception {
        JsonNode summary = Json.MAPPER.readTree("""
                {"tenants": 24,
                 "migrations": [
                   {"version": "0001", "name": "create_accounts",
                    "counts": {"PENDING": 0, "RUNNING": 0, "APPLIED": 24, "FAILED": 0, "DIRTY": 0, "CHECKSUM_MISMATCH": 0}},
                   {"version": "0002", "name": "add_email",
                    "counts": {"PENDING": 20, "RUNNING": 3, "APPLIED": 0, "FAILED": 1}}]}
                """);

        String rendered = StatusCommand.render(summary);

        assertThat(rendered).isEqualTo("""
                VERSION  NAME             PENDING  RUNNING  APPLIED  FAILED  DIRTY  CHECKSUM_MISMATCH  REVERT_FAILED
                0001     create_accounts        0        0       24       0      0                  0              0
                0002     add_email             20        3        0       1      0                  0              0
                tenants: 24
                """);
    }

    @Test
    void shouldAddAColumnWhenTheCoordinatorReportsAStateTheCliDoesNotKnow() throws Exception {
        JsonNode summary = Json.MAPPER.readTree("""
                {"tenants": 1, "migrations": [{"version": "0001", "name": "a", "counts": {"APPLIED": 0, "SKIPPED": 1}}]}
                """);

        String header = StatusCommand.render(summary).lines().findFirst().orElseThrow();

        assertThat(header).endsWith("REVERT_FAILED  SKIPPED");
    }

    @Test
    void shouldSayTheCatalogIsEmptyWhenThereAreNoMigrations() throws Exception {
        JsonNode summary = Json.MAPPER.readTree("{\"tenants\": 3, \"migrations\": []}");

        assertThat(StatusCommand.render(summary)).isEqualTo("no migrations in the catalog\ntenants: 3\n");
    }
}
