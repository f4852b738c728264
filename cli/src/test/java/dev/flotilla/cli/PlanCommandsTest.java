package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan files as the CLI reads them, and how it shows previews, phased rollouts and releases. */
class PlanCommandsTest {

    @TempDir
    Path directory;

    @Test
    void shouldReadAPlanFileIntoTheJsonTheCoordinatorTakes() throws Exception {
        // given
        Path file = Files.writeString(directory.resolve("plan.yaml"), """
                target: { version: "0010" }
                waves:
                  - { name: canary, select: "group=internal", limit: 2 }
                  - { name: rest, select: "*", approval: true }
                concurrency: { fleet: 32, perSite: 4 }
                """);

        // when
        PlanFile read = PlanFile.read(file);
        JsonNode plan = read.json();

        // then
        assertThat(read.lineOf("waves[1].approval")).hasValue(4);
        assertThat(read.lineOf("concurrency.perWave"))
                .as("absent: the line of its parent")
                .hasValue(5);
        assertThat(read.lineOf("failureBudget")).isEmpty();
        assertThat(plan.at("/target/version").asText()).isEqualTo("0010");
        assertThat(plan.at("/waves/0/limit").asInt()).isEqualTo(2);
        assertThat(plan.at("/waves/1/approval").asBoolean()).isTrue();
        assertThat(plan.at("/concurrency/perSite").asInt()).isEqualTo(4);
    }

    @Test
    void shouldNameTheFileLineAndColumnWhenThePlanFileIsNotYaml() throws Exception {
        // given
        Path file = Files.writeString(directory.resolve("broken.yaml"), """
                target: { version: "0010" }
                waves:
                  - { name: canary, select: "group=internal"
                """);

        // when / then
        assertThatThrownBy(() -> PlanFile.read(file))
                .isInstanceOf(CliException.class)
                .hasMessageMatching("(?s)plan file .*broken.yaml:[0-9]+:[0-9]+: not valid YAML: .*");
    }

    @Test
    void shouldSaySoWhenThePlanFileDoesNotExistOrIsNotAMapping() throws Exception {
        Path list = Files.writeString(directory.resolve("list.yaml"), "- a\n- b\n");

        assertThatThrownBy(() -> PlanFile.read(directory.resolve("missing.yaml")))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> PlanFile.read(list)).hasMessageContaining("a plan is a mapping");
    }

    @Test
    void shouldNameTheLineOfTheFieldTheCoordinatorRefusedWhenSubmittingAPlanFile() throws Exception {
        // given a coordinator that refuses the second wave's selector
        Path file = Files.writeString(directory.resolve("plan.yaml"), """
                target: { version: "0010" }
                waves:
                  - name: canary
                    select: "group=internal"
                  - name: rest
                    select: "tier in (free"
                """);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/rollouts", exchange -> {
            byte[] body = """
                    {"status": 400, "title": "Bad Request", "field": "waves[1].select",
                     "detail": "'tier in (free' at position 14: expected , or )"}
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ApiClient api =
                    new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), null);

            // when / then
            assertThatThrownBy(() -> PlanFile.read(file).submit(api, "api/rollouts"))
                    .isInstanceOf(CliException.class)
                    .hasMessage(file + ":6: waves[1].select: 'tier in (free' at position 14: expected , or )");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldShowEachWavesTenantsAndStepsAndWhyOthersCannotTakePartWhenPreviewing() throws Exception {
        // given
        JsonNode preview = Json.MAPPER.readTree("""
                {"waves": [{"name": "canary", "select": "group=internal", "soak": "5m", "approval": false,
                            "tenants": [{"tenant": "tenant_0001", "site": "site-1", "steps": ["0009", "0010"],
                                         "skips": ["0008"]}]},
                           {"name": "rest", "select": "*", "soak": "0s", "approval": true, "tenants": []}],
                 "excluded": [{"tenant": "tenant_0003", "reason": "no wave selects it"}]}
                """);

        // when
        String rendered = PlanCommand.Preview.render(preview);

        // then
        assertThat(rendered.lines().toList())
                .containsExactly(
                        "wave 1: canary (group=internal), soak 5m, 1 tenants",
                        "  TENANT       SITE    STEPS",
                        "  tenant_0001  site-1  0009 0010",
                        "  warning: tenant_0001 would jump over 0008, which it does not have",
                        "wave 2: rest (*), needs approval, 0 tenants",
                        "cannot take part: 1 tenants",
                        "  tenant_0003: no wave selects it");
    }

    @Test
    void shouldShowTheIrreversibleStepEachRevertStopsAboveWhenPreviewingAPlanGoingDown() throws Exception {
        // given a down plan allowing irreversible steps, over 0004 which has no down script
        JsonNode preview = Json.MAPPER.readTree("""
                {"waves": [{"name": "all", "select": "*", "soak": "0s", "approval": false,
                            "tenants": [{"tenant": "tenant_0001", "site": "site-1", "steps": ["0005"], "skips": []},
                                        {"tenant": "tenant_0003", "site": "site-1", "steps": ["0003", "0002"],
                                         "skips": []}]}],
                 "excluded": [{"tenant": "tenant_0002",
                               "reason": "nothing to revert: it stops above 0004, which has no down script"}],
                 "irreversible": {"0004": ["tenant_0001", "tenant_0002"]},
                 "stoppedAbove": {"tenant_0001": "0004", "tenant_0002": "0004"}}
                """);

        // when
        String rendered = PlanCommand.Preview.render(preview);

        // then
        assertThat(rendered.lines().toList())
                .containsExactly(
                        "wave 1: all (*), 2 tenants",
                        "  TENANT       SITE    STEPS",
                        "  tenant_0001  site-1  0005 (stops above 0004, irreversible)",
                        "  tenant_0003  site-1  0003 0002",
                        "cannot take part: 1 tenants",
                        "  tenant_0002: nothing to revert: it stops above 0004, which has no down script",
                        "irreversible: 0004 has no down script, needed by tenant_0001, tenant_0002");
    }

    @Test
    void shouldShowWavesWhyItStoppedAndWhoDidWhatWhenShowingAPhasedRollout() throws Exception {
        // given
        JsonNode rollout = Json.MAPPER.readTree("""
                {"id": "6d1e", "state": "HALTED", "reason": "wave canary: 1 of 2 tenants failed",
                 "planId": "a41f", "target": {"release": "1.2.0"}, "targetVersion": "0010", "maxParallel": 8,
                 "concurrency": {"fleet": 8, "perSite": 2, "perWave": 8}, "failureBudget": {"count": 0, "percent": 0},
                 "createdAt": "2026-11-21T12:00:00Z",
                 "runs": {"total": 3, "succeeded": 1, "failed": 1, "pending": 1},
                 "waves": [{"name": "canary", "status": "running", "select": "group=internal", "tenants": 2,
                            "done": 1, "running": 0, "failed": 1, "pending": 0, "skipped": 0,
                            "elapsedSeconds": 75, "etaSeconds": 0},
                           {"name": "rest", "status": "waiting", "select": "*", "tenants": 1, "done": 0,
                            "running": 0, "failed": 0, "pending": 1, "skipped": 0}],
                 "failures": [{"tenant": "tenant_0003", "message": "step 0002 failed: duplicate key"}],
                 "actions": [{"at": "2026-11-21T12:00:00Z", "actor": "alice", "action": "start"},
                             {"at": "2026-11-21T12:01:00Z", "actor": "flotilla", "action": "halt",
                              "reason": "wave canary: 1 of 2 tenants failed"}]}
                """);

        // when
        String rendered = RolloutShowCommand.render(rollout);

        // then
        assertThat(rendered)
                .contains("why:          wave canary: 1 of 2 tenants failed")
                .contains("target:       release 1.2.0 (up to 0010)")
                .contains("concurrency:  8 fleet, 2 per site, 8 per wave")
                .contains("budget:       0 tenants or 0% per wave, whichever is more")
                .contains("  tenant_0003: step 0002 failed: duplicate key")
                .contains("  2026-11-21T12:01:00Z  flotilla halt: wave canary: 1 of 2 tenants failed");
        assertThat(rendered.lines().filter(l -> l.startsWith("  canary")).findFirst())
                .hasValueSatisfying(line -> assertThat(line.split("\\s+"))
                        .containsExactly(
                                "",
                                "canary",
                                "running",
                                "group=internal",
                                "2",
                                "1",
                                "0",
                                "1",
                                "0",
                                "0",
                                "1m15s",
                                "0s"));
    }

    @Test
    void shouldShowTheAutomaticRollbackOfABreachedWaveWhenShowingTheHaltedRolloutAndTheRollback() throws Exception {
        // given a rollout halted by a breach, rolled back automatically, and its rollback
        JsonNode halted = Json.MAPPER.readTree("""
                {"id": "6d1e", "state": "HALTED", "direction": "up",
                 "reason": "wave canary: 2 of 4 tenants failed; rolled back automatically by 9b2c",
                 "target": {"version": "0010"}, "targetVersion": "0010",
                 "failureBudget": {"count": 1, "percent": 0}, "onBreach": "rollback-wave", "allowIrreversible": false,
                 "runs": {"total": 4},
                 "rollbacks": [{"id": "9b2c", "wave": "canary", "state": "RUNNING"}],
                 "actions": [{"at": "2026-11-21T12:01:00Z", "actor": "flotilla", "action": "rollback",
                              "reason": "wave canary breached its failure budget (onBreach: rollback-wave): rolled back by 9b2c"}]}
                """);
        JsonNode rollback = Json.MAPPER.readTree("""
                {"id": "9b2c", "state": "RUNNING", "direction": "down", "undoes": "6d1e",
                 "target": {"rollback": "6d1e", "wave": "canary"}, "targetVersion": "0008",
                 "onBreach": "halt", "runs": {"total": 2}}
                """);

        // when
        String shownHalted = RolloutShowCommand.render(halted);
        String shownRollback = RolloutShowCommand.render(rollback);

        // then
        assertThat(shownHalted)
                .contains("why:          wave canary: 2 of 4 tenants failed; rolled back automatically by 9b2c")
                .contains("rolled back:  by 9b2c (wave canary, RUNNING)")
                .contains("on breach:    halt, and roll the wave back")
                .contains("flotilla rollback: wave canary breached its failure budget");
        assertThat(shownRollback)
                .contains("target:       rollback of rollout 6d1e, wave canary")
                .contains("on breach:    halt")
                .doesNotContain("rolled back:");
    }

    @Test
    void shouldListMigrationsBreakingChangesAndNotesWhenShowingReleases() throws Exception {
        // given
        JsonNode releases = Json.MAPPER.readTree("""
                [{"name": "1.1.0", "description": "Invoices", "migrations": ["0004", "0005"], "upTo": "0005",
                  "breaking": ["invoices.due_at is required"], "notes": "Backfill first."}]
                """);

        // when
        String rendered = ReleasesCommand.render(releases);

        // then
        assertThat(rendered.lines().toList())
                .containsExactly(
                        "1.1.0  Invoices",
                        "  migrations: 0004 0005 (up to 0005)",
                        "  breaking: invoices.due_at is required",
                        "  notes: Backfill first.");
        assertThat(ReleasesCommand.render(Json.MAPPER.createArrayNode())).startsWith("no releases");
    }
}
