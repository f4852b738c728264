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

    @Test
    void shouldSayWhoSetEachLetterAsideAndKeepEachReasonOnOneShortLineWhenListingDeadLetters() throws Exception {
        String rendered = DeadLettersCommand.render(Json.MAPPER.readTree("""
                [{"id": 9, "messageId": null, "type": null, "tenant": "tenant_0002",
                  "topic": "flotilla.commands.site-b", "outgoing": false, "setAsideBy": "agent",
                  "reason": "cannot decode the command:\\n  not JSON", "receivedAt": "2026-12-02T10:00:00Z"},
                 {"id": 4, "messageId": "5d1e", "type": "PlanPublished", "tenant": null,
                  "topic": "flotilla.plans", "outgoing": true, "setAsideBy": "coordinator",
                  "reason": "%s", "receivedAt": "2026-12-02T09:00:00Z"}]
                """.formatted("x".repeat(150))));

        assertThat(rendered.lines().toList())
                .containsExactly(
                        "ID  SET ASIDE             BY                    TOPIC                     TYPE           TENANT"
                                + "       REASON",
                        " 9  2026-12-02T10:00:00Z  agent                 flotilla.commands.site-b  -              "
                                + "tenant_0002  cannot decode the command: not JSON",
                        " 4  2026-12-02T09:00:00Z  coordinator (unsent)  flotilla.plans            PlanPublished  -"
                                + "            " + "x".repeat(99) + "…");
    }

    @Test
    void shouldSaySoWhenThereAreNoDeadLetters() throws Exception {
        assertThat(DeadLettersCommand.render(Json.MAPPER.readTree("[]"))).isEqualTo("no dead letters\n");
    }

    @Test
    void shouldShowHowLongEachAgentHasBeenSilentWhenListingAgents() throws Exception {
        String rendered = AgentsCommand.render(Json.MAPPER.readTree("""
                [{"id": "agent-site-1", "site": "site-1", "capacity": 4, "version": "0.1.0", "tenants": 12,
                  "lastSeen": "2026-12-02T10:00:00Z", "silentForSeconds": 3},
                 {"id": "agent-site-2", "site": "site-2", "capacity": 16, "version": null, "tenants": 240,
                  "lastSeen": "2026-12-02T08:59:55Z", "silentForSeconds": 3905}]
                """));

        assertThat(rendered.lines().toList())
                .containsExactly(
                        "AGENT         SITE    CAPACITY  TENANTS  VERSION  LAST SEEN             SILENT",
                        "agent-site-1  site-1         4       12  0.1.0    2026-12-02T10:00:00Z      3s",
                        "agent-site-2  site-2        16      240  -        2026-12-02T08:59:55Z   1h05m");
    }

    @Test
    void shouldWriteSilencesInTheLargestUnitsThatFit() {
        assertThat(AgentsCommand.silence(59)).isEqualTo("59s");
        assertThat(AgentsCommand.silence(185)).isEqualTo("3m05s");
        assertThat(AgentsCommand.silence(7800)).isEqualTo("2h10m");
        assertThat(AgentsCommand.silence(3 * 86_400 + 4 * 3600 + 59)).isEqualTo("3d4h");
    }

    @Test
    void shouldShowEachRolloutsStateTargetAndProgressAndWhatARollbackUndoesWhenListingRollouts() throws Exception {
        String rendered = RolloutListCommand.render(Json.MAPPER.readTree("""
                [{"id": "7c0e2f4a-1111-4222-8333-444455556666", "state": "RUNNING", "direction": "down",
                  "undoes": "5d1e9a2b-aaaa-4bbb-8ccc-dddd00001111", "targetVersion": "0003",
                  "createdAt": "2026-12-03T10:05:00Z", "runs": {"total": 40, "succeeded": 12, "failed": 0}},
                 {"id": "5d1e9a2b-aaaa-4bbb-8ccc-dddd00001111", "state": "HALTED", "direction": "up",
                  "targetVersion": "0005", "createdAt": "2026-12-03T09:00:00Z",
                  "runs": {"total": 40, "succeeded": 37, "failed": 3}}]
                """));

        assertThat(rendered.lines().toList())
                .containsExactly(
                        "ROLLOUT                               STATE    DIRECTION               TARGET  PROGRESS  FAILED"
                                + "  CREATED",
                        "7c0e2f4a-1111-4222-8333-444455556666  RUNNING  down (undoes 5d1e9a2b)  0003       12/40       0"
                                + "  2026-12-03T10:05:00Z",
                        "5d1e9a2b-aaaa-4bbb-8ccc-dddd00001111  HALTED   up                      0005       37/40       3"
                                + "  2026-12-03T09:00:00Z");
        assertThat(RolloutListCommand.render(Json.MAPPER.readTree("[]"))).isEqualTo("no rollouts\n");
    }

    @Test
    void shouldPrintTheApisJsonAsItIsWithJsonAndTheTableWithout() throws Exception {
        JsonOutput output = new JsonOutput();
        picocli.CommandLine.populateCommand(output, "--json");
        java.io.StringWriter printed = new java.io.StringWriter();

        output.print(new java.io.PrintWriter(printed), Json.MAPPER.readTree("[{\"id\": \"a\"}]"), answer -> "table\n");
        new JsonOutput().print(new java.io.PrintWriter(printed), Json.MAPPER.readTree("[]"), answer -> "table\n");

        assertThat(printed.toString()).isEqualTo("[ {\n  \"id\" : \"a\"\n} ]\ntable\n");
    }

    @Test
    void shouldShowATenantsMigrationsAndItsRunsWithHowLongEachTook() throws Exception {
        String rendered = TenantShowCommand.render(Json.MAPPER.readTree("""
                {"tenant": {"id": "tenant_0002", "site": "site-1", "agent": "agent-site-1",
                            "labels": {"tier": "gold"}, "currentVersion": "0002", "dirty": false,
                            "lastInventoryAt": "2026-12-03T10:00:00Z"},
                 "migrations": [
                   {"version": "0001", "state": "APPLIED", "rollout": "6d1e9a2b-aaaa-4bbb-8ccc-dddd00001111",
                    "message": null, "updatedAt": "2026-12-03T09:00:05Z", "direction": "up", "durationMs": 1250,
                    "agent": "agent-site-1"},
                   {"version": "0002", "state": "FAILED", "rollout": "7c0e2f4a-1111-4222-8333-444455556666",
                    "message": "relation exists", "updatedAt": "2026-12-03T09:30:00Z", "direction": "up",
                    "durationMs": null, "agent": "agent-site-1"}],
                 "runs": [
                   {"run": "aaaabbbb-0000-4000-8000-000000000002", "rollout": "7c0e2f4a-1111-4222-8333-444455556666",
                    "direction": "up", "steps": ["0002"], "state": "FAILED", "message": "step 0002 failed",
                    "dispatchedAt": "2026-12-03T09:29:58Z", "seconds": 2, "agent": "agent-site-1"},
                   {"run": "aaaabbbb-0000-4000-8000-000000000001", "rollout": "6d1e9a2b-aaaa-4bbb-8ccc-dddd00001111",
                    "direction": "up", "steps": ["0001", "0002", "0003"], "state": "RUNNING", "message": null,
                    "dispatchedAt": "2026-12-03T09:00:00Z", "seconds": null}]}
                """));

        assertThat(rendered.lines().toList())
                .containsExactly(
                        "TENANT       SITE    AGENT         LABELS     VERSION  DIRTY  LAST INVENTORY",
                        "tenant_0002  site-1  agent-site-1  tier=gold  0002     no     2026-12-03T10:00:00Z",
                        "",
                        "VERSION  STATE    LAST STEP     TOOK  AGENT         ROLLOUT   UPDATED               MESSAGE",
                        "0001     APPLIED  up         1250 ms  agent-site-1  6d1e9a2b  2026-12-03T09:00:05Z  -",
                        "0002     FAILED   up               -  agent-site-1  7c0e2f4a  2026-12-03T09:30:00Z  relation"
                                + " exists",
                        "",
                        "RUN       ROLLOUT   DIRECTION  STEPS           STATE    AGENT         DISPATCHED          "
                                + "  TOOK  MESSAGE",
                        "aaaabbbb  7c0e2f4a  up         0002            FAILED   agent-site-1  2026-12-03T09:29:58Z  "
                                + "  2s  step 0002 failed",
                        "aaaabbbb  6d1e9a2b  up         0001..0003 (3)  RUNNING  -             2026-12-03T09:00:00Z  "
                                + "   -  -");
    }

    @Test
    void shouldListNotificationsWithTheLastAnswerOfEach() throws Exception {
        String rendered = NotificationsCommand.render(Json.MAPPER.readTree("""
                [{"id": 2, "webhook": "pager", "event": "rollout-halted", "rollout": "6d1e9a2b-aaaa-4bbb-8ccc-dddd00001111",
                  "tenant": null, "createdAt": "2026-12-03T09:00:00Z", "state": "pending", "attempts": 3,
                  "lastStatus": null, "lastError": "HttpConnectTimeoutException: HTTP connect timed out"},
                 {"id": 1, "webhook": "ops", "event": "tenant-failed", "rollout": "6d1e9a2b-aaaa-4bbb-8ccc-dddd00001111",
                  "tenant": "tenant_0007", "createdAt": "2026-12-03T09:00:00Z", "state": "delivered", "attempts": 1,
                  "lastStatus": 200, "lastError": null}]
                """));

        assertThat(rendered.lines().toList())
                .containsExactly(
                        "ID  CREATED               WEBHOOK  EVENT           ROLLOUT   TENANT       STATE      ATTEMPTS"
                                + "  LAST ANSWER",
                        " 2  2026-12-03T09:00:00Z  pager    rollout-halted  6d1e9a2b  -            pending           3"
                                + "  HttpConnectTimeoutException: HTTP connect timed out",
                        " 1  2026-12-03T09:00:00Z  ops      tenant-failed   6d1e9a2b  tenant_0007  delivered         1"
                                + "  200");
        assertThat(NotificationsCommand.render(Json.MAPPER.readTree("[]"))).startsWith("no notifications");
    }

    @Test
    void shouldShowATenantsRowAsALetterPerMigrationAndSayHowManyAreBehind() throws Exception {
        String rendered = MatrixCommand.render(Json.MAPPER.readTree("""
                {"versions": ["0001", "0002", "0003", "0004"], "behind": "0004", "page": 0, "size": 2, "total": 3,
                 "items": [
                   {"tenant": "tenant_0002", "site": "site-b", "currentVersion": "0003", "dirty": false,
                    "states": ["APPLIED", "APPLIED", "APPLIED", "FAILED"]},
                   {"tenant": "tenant_0005", "site": "site-a", "currentVersion": null, "dirty": true,
                    "states": ["DIRTY", "PENDING", "PENDING", "PENDING"]}]}
                """));

        assertThat(rendered.lines().toList())
                .containsExactly(
                        "migrations 0001..0004, a letter each: " + MatrixCommand.LEGEND,
                        "TENANT       SITE    VERSION  0001..0004",
                        "tenant_0002  site-b  0003     AAAF",
                        "tenant_0005  site-a  -        D...",
                        "3 tenants behind 0004 (page 0 of 0..1: --page 1 for the next)");
    }
}
