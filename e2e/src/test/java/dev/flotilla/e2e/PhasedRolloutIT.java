package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.testkit.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phased rollouts on the real system (a broker, the packaged coordinator, one agent per site as
 * separate processes): waves by tenant group with a failure budget, operators' retry and resume, and
 * the per-site concurrency limit as the tenants' own databases saw it.
 *
 * <p>Tenants 1–12 are the phased fleet: group {@code internal} (1, 2, 3) is the canary, group
 * {@code beta} (4–7) comes next, the rest (8–12) last. Tenant 3 has duplicate e-mails, so the unique
 * index of migration 0002 fails there. Tenants 13–20 serve the concurrency test. Odd tenants live at
 * site-a, even ones at site-b. Last, the dashboard in a real browser follows a rollout of every
 * tenant to 0003 and gives its approval.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhasedRolloutIT {

    private static final int TENANTS = 20;
    private static final String BROKEN = Fleet.tenantId(3);
    private static final String OPERATOR = "ops-alice";
    private static final String APPROVER = "ops-bob";

    @TempDir
    static Path migrations;

    private static TestSystem system;
    private static Api api;

    @BeforeAll
    static void startSystem() throws Exception {
        writeMigrations();
        system = TestSystem.create("phased");
        List<String> tenants = Fleet.createSchemas(system.pg(), system.fleetDb(), TENANTS);
        system.fleetSql("create table " + BROKEN + ".users (id bigint primary key, email text not null);"
                + " insert into " + BROKEN + ".users values (1, 'a@example.com'), (2, 'a@example.com');"
                + " create table public.step_log (tenant text not null, started_at timestamptz not null,"
                + " finished_at timestamptz not null)");
        system.coordinator(migrations);
        system.twoSites(tenants, i -> group(i).map(
                        g -> Map.of("flotilla.agent.tenants.labels." + Fleet.tenantId(i) + ".group", g))
                .orElse(Map.of()));
        system.awaitReady(TENANTS);
        api = system.api();
    }

    private static java.util.Optional<String> group(int tenant) {
        if (tenant <= 3) {
            return java.util.Optional.of("internal");
        }
        return tenant <= 7 ? java.util.Optional.of("beta") : java.util.Optional.empty();
    }

    private static void writeMigrations() throws Exception {
        Files.writeString(
                migrations.resolve("0001_create_users.up.sql"),
                "create table if not exists users (id bigint primary key, email text not null);\n");
        Files.writeString(
                migrations.resolve("0002_unique_emails.up.sql"),
                "create unique index users_email_key on users (email);\n");
        Files.writeString(
                migrations.resolve("0003_slow_backfill.up.sql"),
                "select pg_sleep(0.5);\n"
                        + "insert into public.step_log values (current_schema(), now(), clock_timestamp());\n");
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void shouldNeverRunMoreThanPerSiteTenantsAtOnceOnASiteAsItsDatabaseSawIt() throws Exception {
        // given tenants 13-20, four per site, and at most one tenant per site at a time
        List<String> tenants = new ArrayList<>();
        for (int i = 13; i <= TENANTS; i++) {
            tenants.add("\"" + Fleet.tenantId(i) + "\"");
        }
        String plan = "{\"target\": {\"version\": \"0003\"}, \"tenants\": " + tenants
                + ", \"waves\": [{\"name\": \"all\", \"select\": \"*\"}],"
                + " \"concurrency\": {\"fleet\": 8, \"perSite\": 1}}";

        // when
        String id = api.post("/api/rollouts", plan, 201).get("id").asText();
        JsonNode rollout = system.awaitStopped(id);

        // then every tenant ran the slow step, never two of one site at once
        assertThat(rollout.get("state").asText()).as(rollout.toString()).isEqualTo("COMPLETED");
        Map<String, List<Instant[]>> bySite = new TreeMap<>();
        try (Connection c = system.pg().connect(system.fleetDb());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select tenant, started_at, finished_at from public.step_log")) {
            while (rs.next()) {
                int number = Integer.parseInt(rs.getString(1).replaceAll("\\D", ""));
                bySite.computeIfAbsent(number % 2 == 1 ? "site-a" : "site-b", k -> new ArrayList<>())
                        .add(new Instant[] {
                            rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()
                        });
            }
        }
        assertThat(bySite.get("site-a")).hasSize(4);
        assertThat(bySite.get("site-b")).hasSize(4);
        assertThat(maxOverlap(bySite.get("site-a"))).isEqualTo(1);
        assertThat(maxOverlap(bySite.get("site-b"))).isEqualTo(1);
    }

    @Test
    @Order(2)
    void shouldHaltBeforeBetaWhenACanaryFailsAndCompleteAfterRetryAndResume() throws Exception {
        // given
        String plan = "{\"target\": {\"version\": \"0002\"},"
                + " \"waves\": [{\"name\": \"canary\", \"select\": \"group=internal\"},"
                + " {\"name\": \"beta\", \"select\": \"group=beta\"}, {\"name\": \"rest\", \"select\": \"*\"}],"
                + " \"concurrency\": {\"fleet\": 4, \"perSite\": 2}, \"failureBudget\": {\"count\": 0}}";

        // when
        String id = api.post("/api/rollouts", plan, 201).get("id").asText();
        JsonNode halted = system.awaitStopped(id);

        // then the canary failed on tenant 3 and nobody outside the canary was touched
        assertThat(halted.get("state").asText()).as(halted.toString()).isEqualTo("HALTED");
        assertThat(halted.get("reason").asText()).contains("wave canary");
        assertThat(halted.get("currentWave").asText()).isEqualTo("canary");
        assertThat(halted.get("failures").get(0).get("tenant").asText()).isEqualTo(BROKEN);
        assertThat(applied(1)).containsExactly("0001", "0002");
        assertThat(applied(2)).containsExactly("0001", "0002");
        assertThat(applied(3)).containsExactly("0001");
        assertThat(hasIndex(3)).isFalse();
        for (int tenant = 4; tenant <= 12; tenant++) {
            assertThat(applied(tenant)).as(Fleet.tenantId(tenant)).isEmpty();
            assertThat(hasTable(tenant, "users")).as(Fleet.tenantId(tenant)).isFalse();
        }

        // when the duplicate is fixed, the tenant retried and the rollout resumed
        system.fleetSql("delete from " + BROKEN + ".users where id = 2");
        api.postAs(
                OPERATOR,
                "/api/rollouts/" + id + "/tenants/" + BROKEN + "/retry",
                "{\"reason\": \"duplicate e-mail removed\"}");
        api.postAs(OPERATOR, "/api/rollouts/" + id + "/resume", "{}");
        JsonNode completed = system.awaitStopped(id);

        // then every wave ran and every tenant has both migrations
        assertThat(completed.get("state").asText()).as(completed.toString()).isEqualTo("COMPLETED");
        for (int tenant = 1; tenant <= 12; tenant++) {
            assertThat(applied(tenant)).as(Fleet.tenantId(tenant)).containsExactly("0001", "0002");
            assertThat(hasIndex(tenant)).as(Fleet.tenantId(tenant)).isTrue();
        }
        assertThat(completed.get("waves").findValuesAsText("status")).containsExactly("done", "done", "done");
        List<String> trail = new ArrayList<>();
        for (JsonNode action : completed.get("actions")) {
            trail.add(action.get("actor").asText() + " " + action.get("action").asText());
        }
        assertThat(trail).containsSubsequence("flotilla halt", OPERATOR + " retry", OPERATOR + " resume");
    }

    @Test
    @Order(3)
    void shouldShowTheRolloutLiveOnTheDashboardAndTakeItsApprovalFromThere() throws Exception {
        String base = api.base();
        try (Browser fleet = Browser.start(base);
                Browser page = Browser.start(base)) {
            // given both browsers logged in: the fleet page's with the bootstrap token, the other as the approver
            fleet.login(Api.BOOTSTRAP, null);
            page.login(api.tokenOf(APPROVER), "login");
            // given the fleet page open, grouped by the group label: only tenants 13-20 have 0003
            fleet.open("/?group=group");
            assertThat(fleet.text("#summary tr[data-version='0003'] .applied")).isEqualTo("8 / 20");
            assertThat(fleet.classOf(cell(1, "0003"))).contains("st-pending");
            assertThat(fleet.classOf(cell(13, "0003"))).contains("st-applied");
            assertThat(fleet.text("#groups tr[data-group='beta'] td[data-version='0002']"))
                    .isEqualTo("100%");

            // when a rollout to 0003 starts whose last wave waits for an approval
            String plan = "{\"target\": {\"version\": \"0003\"},"
                    + " \"waves\": [{\"name\": \"canary\", \"select\": \"group=internal\"},"
                    + " {\"name\": \"rest\", \"select\": \"*\", \"approval\": true}],"
                    + " \"concurrency\": {\"fleet\": 4, \"perSite\": 2}}";
            String id =
                    api.postAs(OPERATOR, "/api/rollouts", plan, 201).get("id").asText();
            page.open("/rollouts/" + id);

            // then its page shows the canary done and the rest waiting for the approval
            page.until(Duration.ofSeconds(60), d -> "done".equals(page.attribute(wave("canary"), "data-status")));
            assertThat(page.attribute(wave("rest"), "data-status")).isEqualTo("awaiting-approval");
            assertThat(page.text("#rollout-state")).isEqualTo("RUNNING");
            page.screenshot("rollout-awaiting-approval");

            // when the approver, logged in on the page, gives the approval with the wave's button
            assertThat(page.text("#whoami")).isEqualTo(APPROVER);
            page.click(wave("rest") + " button[data-action$='/approve']");

            // then the page follows the rollout to its end by itself, and the approval is in its audit
            page.until(Duration.ofSeconds(90), d -> "COMPLETED".equals(page.text("#rollout-state")));
            assertThat(page.notReloaded()).as("the rollout page updated itself").isTrue();
            assertThat(page.attribute(wave("rest"), "data-status")).isEqualTo("done");
            assertThat(page.text("#audit")).contains(APPROVER + " approve");
            assertThat(page.text("#done")).isEqualTo("100%");
            page.screenshot("rollout");
            JsonNode rollout = api.get("/api/rollouts/" + id);
            assertThat(rollout.get("waves").get(1).get("approvedBy").asText()).isEqualTo(APPROVER);
            for (int tenant = 1; tenant <= 12; tenant++) {
                assertThat(applied(tenant)).as(Fleet.tenantId(tenant)).containsExactly("0001", "0002", "0003");
            }

            // and the fleet page, never reloaded, shows every tenant at 0003
            fleet.until(Duration.ofSeconds(30), d -> "20 / 20"
                    .equals(fleet.text("#summary tr[data-version='0003'] .applied")));
            assertThat(fleet.notReloaded()).as("the fleet page updated itself").isTrue();
            assertThat(fleet.classOf(cell(1, "0003"))).contains("st-applied");
            fleet.screenshot("fleet");

            // and a group's row narrows the page to its tenants: the beta group, then a site
            fleet.click("#groups tr[data-group='beta'] a");
            fleet.until(Duration.ofSeconds(10), d -> fleet.text("#matching").equals("4 matching"));
            assertThat(fleet.present(cell(4, "0003"))).isTrue();
            assertThat(fleet.present(cell(1, "0003"))).isFalse();
            fleet.open("/");
            fleet.click("#groups tr[data-group='site-b'] a");
            fleet.until(Duration.ofSeconds(10), d -> fleet.text("#matching").equals("10 matching"));
            assertThat(fleet.present(cell(2, "0001"))).isTrue();
            assertThat(fleet.present(cell(1, "0001"))).isFalse();

            // the other pages, as an operator sees them after this rollout
            page.open("/rollouts");
            assertThat(page.text("#rollouts tr[data-rollout='" + id + "']")).contains("COMPLETED", OPERATOR);
            page.screenshot("rollouts");
            page.open("/tenants/" + BROKEN);
            assertThat(page.text("#version")).isEqualTo("0003");
            assertThat(page.text("#runs")).contains("SUCCEEDED");
            page.screenshot("tenant");
            page.open("/agents");
            assertThat(page.present("#agents tr[data-agent]")).isTrue();
            page.screenshot("agents");
            page.open("/dead-letters");
            page.screenshot("dead-letters");
        }
    }

    /** The fleet page's heat-map square of a tenant and migration. */
    private static String cell(int tenant, String version) {
        return "#tenants tr[data-tenant='" + Fleet.tenantId(tenant) + "'] td[data-version='" + version + "']";
    }

    /** A wave's box on a rollout's page. */
    private static String wave(String name) {
        return "#waves li[data-wave='" + name + "']";
    }

    /** The most intervals that overlap at one instant. */
    private static int maxOverlap(List<Instant[]> intervals) {
        int max = 0;
        for (Instant[] probe : intervals) {
            int at = 0;
            for (Instant[] other : intervals) {
                if (!other[0].isAfter(probe[0]) && other[1].isAfter(probe[0])) {
                    at++;
                }
            }
            max = Math.max(max, at);
        }
        return max;
    }

    private static List<String> applied(int tenant) throws SQLException {
        String schema = Fleet.tenantId(tenant);
        if (!hasTable(tenant, "flotilla_schema_history")) {
            return List.of();
        }
        List<String> versions = new ArrayList<>();
        try (Connection c = system.pg().connect(system.fleetDb());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version from " + schema
                        + ".flotilla_schema_history where state = 'applied' order by version")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    private static boolean hasIndex(int tenant) throws SQLException {
        return exists("select 1 from pg_indexes where schemaname = '" + Fleet.tenantId(tenant)
                + "' and indexname = 'users_email_key'");
    }

    private static boolean hasTable(int tenant, String table) throws SQLException {
        return exists("select 1 from information_schema.tables where table_schema = '" + Fleet.tenantId(tenant)
                + "' and table_name = '" + table + "'");
    }

    private static boolean exists(String query) throws SQLException {
        try (Connection c = system.pg().connect(system.fleetDb());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.next();
        }
    }
}
