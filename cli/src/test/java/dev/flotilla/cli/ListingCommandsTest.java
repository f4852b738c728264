package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListingCommandsTest {

    @Test
    void shouldNumberPositionsShortenChecksumsAndShowFlagsAsWordsWhenListingMigrations() throws Exception {
        String rendered = MigrationsCommand.render(Json.MAPPER.readTree("""
                [{"version": "0001", "name": "create_accounts", "checksum": "9f2c0123456789abcdef",
                  "transactional": true, "reversible": false}]
                """));

        assertThat(rendered).isEqualTo("""
                #  VERSION  NAME             CHECKSUM      TRANSACTIONAL  REVERSIBLE
                1  0001     create_accounts  9f2c01234567  yes            no
                """);
    }

    @Test
    void shouldShowLabelsAndADashForWhatIsMissingAndCountTheTenantsWhenListingTenants() throws Exception {
        String rendered = TenantsCommand.render(Json.MAPPER.readTree("""
                [{"id": "tenant_0001", "site": "site-1", "agent": "agent-site-1", "labels": {},
                  "currentVersion": null, "dirty": false, "lastInventoryAt": "2026-11-21T12:00:00Z"},
                 {"id": "tenant_0002", "site": "site-1", "agent": "agent-site-1",
                  "labels": {"region": "eu", "tier": "gold"}, "currentVersion": "0003", "dirty": false,
                  "lastInventoryAt": "2026-11-21T12:00:00Z"}]
                """));

        assertThat(rendered.lines().toList())
                .containsExactly(
                        "TENANT       SITE    AGENT         LABELS               VERSION  DIRTY  LAST INVENTORY",
                        "tenant_0001  site-1  agent-site-1  -                    -        no     2026-11-21T12:00:00Z",
                        "tenant_0002  site-1  agent-site-1  region=eu,tier=gold  0003     no     2026-11-21T12:00:00Z",
                        "tenants: 2");
    }
}
