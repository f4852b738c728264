package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.flotilla.coordinator.access.AuditChain;
import dev.flotilla.coordinator.access.AuditEntry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Who may do what (docs/security.md): every endpoint against every role, no credentials, a revoked
 * and an expired token; a refusal changes nothing and is audited; the actor recorded is the token's
 * name whatever a header says; and the audit log's chain shows a row changed or deleted behind the
 * coordinator's back. Its own application, so no other test's work changes the tables it compares.
 */
@QuarkusTest
@WithTestResource(AccessControlFlowTest.AccessTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessControlFlowTest {

    /**
     * Its own coordinator and database, which also takes an identity provider's JWTs: signed by a key
     * made here, from the issuer {@value #ISSUER}, roles in {@code groups}, one group mapped to a role.
     */
    public static class AccessTestResources extends CoordinatorTestResources {

        private Path keys;

        @Override
        protected void configure(Map<String, String> config) {
            super.configure(config);
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                keys = Files.createTempDirectory("ft-jwt-keys");
                Path privateKey = keys.resolve("idp.pem");
                Files.writeString(
                        privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                // inline, as the provider's key: in tests smallrye-jwt sets an inline key of its own
                // (dev-mode keys), which a key location would not override
                config.put(
                        "mp.jwt.verify.publickey",
                        Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                config.put("mp.jwt.verify.issuer", ISSUER);
                config.put("flotilla.auth.groups.\"release-managers\"", "approver");
                config.put(JWT_SIGNING_KEY, privateKey.toString());
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the identity provider's keys", e);
            }
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                    + "-----\n";
        }

        @Override
        protected void cleanUp() {
            super.cleanUp();
            try {
                if (keys != null) {
                    for (String file : List.of("idp.pem")) {
                        Files.deleteIfExists(keys.resolve(file));
                    }
                    Files.deleteIfExists(keys);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final String ISSUER = "https://idp.test/realms/ops";
    private static final String JWT_SIGNING_KEY = "flotilla.test.jwt-signing-key";

    private static final String TENANT = "acl-alpha";
    private static final String[] ROLES = {"viewer", "operator", "approver", "admin"};
    /** The tables a refused request could have changed. */
    private static final String[] STATE = {
        "rollouts", "rollout_actions", "runs", "cells", "tenants", "repairs", "api_tokens", "plans"
    };

    private FakeAgent agent;
    private CoordinatorDb db;
    private String rollout;
    private final Map<String, Header> callers = new LinkedHashMap<>();

    /** One endpoint: the role it needs, a request it must refuse, and a harmless one it must let through. */
    private record Endpoint(
            String role, String method, String refusedPath, String allowedPath, String body, String allowedBody) {

        Endpoint(String role, String method, String refusedPath, String allowedPath, String body) {
            this(role, method, refusedPath, allowedPath, body, body);
        }

        String name() {
            return method + " " + refusedPath;
        }
    }

    @BeforeAll
    void authenticate() {
        TestCallers.useBootstrap();
        var config = ConfigProvider.getConfig();
        agent = new FakeAgent(config.getValue("kafka.bootstrap.servers", String.class));
        db = CoordinatorDb.ofConfig(config);
    }

    @AfterAll
    void disconnect() {
        agent.close();
    }

    private List<Endpoint> endpoints() {
        String r = "/api/rollouts/" + rollout;
        String none = "/api/rollouts/" + UUID.randomUUID();
        String plan = "{\"target\": {\"version\": \"0002\"}, \"tenants\": [\"" + TENANT + "\"]}";
        String down =
                "{\"target\": {\"version\": \"0000\"}, \"direction\": \"down\", \"tenants\": [\"" + TENANT + "\"]}";
        String reason = "{\"reason\": \"acl test\"}";
        List<Endpoint> all = new ArrayList<>();
        for (String read : List.of(
                "/api/rollouts",
                r,
                "/api/matrix",
                "/api/matrix/rows",
                "/api/matrix/summary",
                "/api/migrations",
                "/api/releases",
                "/api/agents",
                "/api/tenants",
                "/api/tenants/" + TENANT,
                "/api/tenants/" + TENANT + "/repairs",
                "/api/repairs",
                "/api/notifications",
                "/api/dead-letters",
                "/api/audit",
                "/api/audit/verify")) {
            all.add(new Endpoint("viewer", "GET", read, read, null));
        }
        all.add(new Endpoint("viewer", "GET", "/api/repairs/" + UUID.randomUUID(), "/api/repairs/x", null));
        all.add(new Endpoint("viewer", "POST", "/api/plans?dryRun=true", "/api/plans?dryRun=true", plan));
        all.add(new Endpoint("viewer", "POST", r + "/rollback?dryRun=true", r + "/rollback?dryRun=true", "{}"));
        all.add(new Endpoint("operator", "POST", "/api/rollouts", "/api/rollouts", plan, "{}"));
        all.add(new Endpoint("operator", "POST", "/api/plans", "/api/plans", plan, "{}"));
        for (String action : List.of("pause", "resume", "cancel")) {
            all.add(new Endpoint("operator", "POST", r + "/" + action, none + "/" + action, reason));
        }
        all.add(new Endpoint(
                "operator", "POST", r + "/tenants/" + TENANT + "/retry", none + "/tenants/x/retry", reason));
        all.add(new Endpoint("operator", "POST", r + "/tenants/" + TENANT + "/skip", none + "/tenants/x/skip", reason));
        all.add(new Endpoint(
                "operator",
                "PATCH",
                "/api/tenants/" + TENANT + "/labels",
                "/api/tenants/nobody/labels",
                "{\"tier\": \"gold\"}"));
        all.add(new Endpoint("operator", "POST", "/api/tenants/refresh", "/api/tenants/refresh", null));
        all.add(new Endpoint("approver", "POST", r + "/approve", none + "/approve", reason));
        all.add(new Endpoint("admin", "POST", r + "/rollback", none + "/rollback", reason));
        all.add(new Endpoint("admin", "POST", "/api/rollouts#down", "/api/rollouts", down, "{}"));
        all.add(new Endpoint(
                "admin",
                "POST",
                "/api/rollouts#override",
                "/api/rollouts",
                "{\"target\": {\"version\": \"0002\"}, \"tenants\": [\"" + TENANT + "\"], \"allowIrreversible\": true,"
                        + " \"onBreach\": \"rollback-wave\", \"failureBudget\": {\"count\": 1}}",
                "{}"));
        all.add(new Endpoint(
                "admin",
                "POST",
                "/api/tenants/" + TENANT + "/repairs",
                "/api/tenants/nobody/repairs",
                "{\"version\": \"0001\", \"action\": \"mark-failed\", \"reason\": \"acl\"}"));
        all.add(new Endpoint(
                "admin",
                "POST",
                "/api/baselines",
                "/api/baselines",
                "{\"tenants\": [\"" + TENANT + "\"], \"version\": \"0001\", \"reason\": \"acl\"}",
                "{\"tenants\": [\"nobody\"], \"version\": \"0001\", \"reason\": \"acl\"}"));
        all.add(new Endpoint("admin", "GET", "/api/tokens", "/api/tokens", null));
        all.add(new Endpoint(
                "admin", "POST", "/api/tokens", "/api/tokens", "{\"name\": \"made-by-acl\", \"role\": \"viewer\"}"));
        all.add(new Endpoint("admin", "DELETE", "/api/tokens/acl-viewer", "/api/tokens/nobody", null));
        return all;
    }

    @Test
    @Order(0)
    void shouldCoverEveryEndpointOfTheApiWhenListingThem() {
        // given every endpoint the API's resources declare
        rollout = UUID.randomUUID().toString();
        Set<String> declared = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter().importPackages("dev.flotilla.coordinator.api")) {
            if (!type.isAnnotatedWith(jakarta.ws.rs.Path.class)) {
                continue;
            }
            String base = type.getAnnotationOfType(jakarta.ws.rs.Path.class).value();
            for (JavaMethod method : type.getMethods()) {
                for (Class<? extends Annotation> verb : List.of(GET.class, POST.class, PATCH.class, DELETE.class)) {
                    if (method.isAnnotatedWith(verb)) {
                        String sub = method.isAnnotatedWith(jakarta.ws.rs.Path.class)
                                ? "/"
                                        + method.getAnnotationOfType(jakarta.ws.rs.Path.class)
                                                .value()
                                : "";
                        declared.add(verb.getSimpleName() + " " + (base + sub).replaceAll("/+", "/"));
                    }
                }
            }
        }

        // then the matrix below tries each of them
        Set<String> listed = new TreeSet<>();
        for (Endpoint e : endpoints()) {
            listed.add(e.method() + " " + template(e.refusedPath()));
        }
        assertThat(listed).containsExactlyElementsOf(declared);
    }

    /** A path of {@link #endpoints} as its resource declares it. */
    private String template(String path) {
        return path.replaceAll("[?#].*", "")
                .replace(rollout, "{id}")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}")
                .replace("/tenants/" + TENANT, "/tenants/{tenant}")
                .replace("/tokens/acl-viewer", "/tokens/{name}");
    }

    @Test
    @Order(1)
    void shouldRunARolloutAndIssueATokenPerRoleWhenAnAdminAsks() {
        // given: a tenant, and a rollout that waits for it (no agent answers)
        agent.inventory(TENANT, SITE);
        await().until(() -> given().get("/api/tenants/" + TENANT).statusCode() == 200);
        rollout = given().contentType(ContentType.JSON)
                .body("{\"target\": {\"version\": \"0001\"}, \"tenants\": [\"" + TENANT + "\"]}")
                .post("/api/rollouts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // when
        List<String> secrets = new ArrayList<>();
        for (String role : ROLES) {
            secrets.add(TestCallers.issue("acl-" + role, role));
            callers.put(role, TestCallers.bearer(secrets.getLast()));
        }

        // then
        var listed = given().get("/api/tokens").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("name", String.class))
                .contains("bootstrap", "acl-viewer", "acl-operator", "acl-approver", "acl-admin");
        assertThat(listed.getString(""))
                .doesNotContain("secret")
                .doesNotContain(secrets)
                .doesNotContain(TestCallers.BOOTSTRAP);
        var badRole = given().contentType(ContentType.JSON)
                .body("{\"name\": \"acl-x\", \"role\": \"root\"}")
                .post("/api/tokens");
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(badRole.jsonPath().getString("field")).isEqualTo("role");
        var taken = given().contentType(ContentType.JSON)
                .body("{\"name\": \"acl-viewer\", \"role\": \"viewer\"}")
                .post("/api/tokens");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.jsonPath().getString("detail")).contains("acl-viewer");
    }

    @Test
    @Order(2)
    void shouldRefuseWithoutCredentialsAndWithRevokedOrExpiredTokensChangingNothing() {
        // given
        String revoked = TestCallers.issue("acl-revoked", "admin");
        given().delete("/api/tokens/acl-revoked").then().statusCode(200);
        String expiring = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "acl-expired",
                        "role",
                        "admin",
                        "expires",
                        Instant.now().plusSeconds(2).toString()))
                .post("/api/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        await().until(() -> expired(expiring));
        Map<String, String> before = state();

        // when / then
        for (Endpoint e : endpoints()) {
            assertThat(send(e, e.refusedPath(), e.body(), null).statusCode())
                    .as("no token: " + e.name())
                    .isEqualTo(401);
            Response revokedAnswer = send(e, e.refusedPath(), e.body(), TestCallers.bearer(revoked));
            assertThat(revokedAnswer.statusCode()).as("revoked: " + e.name()).isEqualTo(401);
            assertThat(revokedAnswer.jsonPath().getString("detail")).contains("revoked");
            Response expiredAnswer = send(e, e.refusedPath(), e.body(), TestCallers.bearer(expiring));
            assertThat(expiredAnswer.statusCode()).as("expired: " + e.name()).isEqualTo(401);
            assertThat(expiredAnswer.jsonPath().getString("detail")).contains("expired");
        }
        assertThat(given().header(new Header("Authorization", "Bearer flt_" + "x".repeat(43)))
                        .get("/api/rollouts")
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("detail"))
                .isEqualTo("the token is unknown");
        assertThat(state()).isEqualTo(before);
    }

    private boolean expired(String secret) {
        return given().header(TestCallers.bearer(secret)).get("/api/rollouts").statusCode() == 401;
    }

    @Test
    @Order(3)
    void shouldRefuseEveryRoleWhatItDoesNotHoldNamingTheRoleAndChangingNothing() {
        // given
        Map<String, String> before = state();
        int refusals = 0;

        // when / then
        for (String role : ROLES) {
            for (Endpoint e : endpoints()) {
                if (holds(role, e.role())) {
                    continue;
                }
                Response answer = send(e, e.refusedPath(), e.body(), callers.get(role));
                assertThat(answer.statusCode()).as(role + ": " + e.name()).isEqualTo(403);
                // a plan going down needs an admin, and first what any plan needs
                String named = e.refusedPath().contains("#") && !holds(role, "operator") ? "operator" : e.role();
                assertThat(answer.jsonPath().getString("detail"))
                        .as(role + ": " + e.name())
                        .contains("needs the role " + named);
                refusals++;
            }
        }
        assertThat(refusals).isGreaterThan(40);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void shouldLetEveryRoleThroughToWhatItHolds() {
        for (String role : ROLES) {
            for (Endpoint e : endpoints()) {
                if (!holds(role, e.role())) {
                    continue;
                }
                Response answer = send(e, e.allowedPath(), e.allowedBody(), callers.get(role));
                assertThat(answer.statusCode())
                        .as(role + ": " + e.method() + " " + e.allowedPath() + " " + answer.asString())
                        .isNotIn(401, 403, 500);
            }
        }
    }

    @Test
    @Order(5)
    void shouldServeTheDashboardToViewersAndSendOthersToTheLoginPage() {
        for (String page : List.of("/", "/rollouts", "/rollouts/" + rollout, "/tenants/" + TENANT, "/agents")) {
            Response anonymous = given().header(new Header("Authorization", "none"))
                    .redirects()
                    .follow(false)
                    .accept("text/html")
                    .get(page);
            assertThat(anonymous.statusCode()).as(page).isEqualTo(303);
            assertThat(anonymous.header("Location")).as(page).contains("/ui/login?next=");
            assertThat(given().header(callers.get("viewer"))
                            .accept("text/html")
                            .get(page)
                            .statusCode())
                    .as(page)
                    .isEqualTo(200);
        }
        Response login = given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .formParam("token", TestCallers.BOOTSTRAP)
                .formParam("next", "//evil.example.com/")
                .post("/ui/login");
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.header("Location")).endsWith("/").doesNotContain("evil");
        assertThat(login.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Strict");
        String cookie = login.getCookie("flotilla_token");
        assertThat(given().header(new Header("Authorization", "none"))
                        .cookie("flotilla_token", cookie)
                        .accept("text/html")
                        .get("/")
                        .statusCode())
                .isEqualTo(200);
        // a change made with the cookie alone, as another site's page could, is refused
        assertThat(given().header(new Header("Authorization", "none"))
                        .cookie("flotilla_token", cookie)
                        .contentType(ContentType.JSON)
                        .body("{\"reason\": \"csrf\"}")
                        .post("/api/rollouts/" + rollout + "/pause")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(6)
    void shouldRecordTheTokensNameAsTheActorWhateverTheHeaderSays() {
        // when
        given().header(callers.get("operator"))
                .header("X-Flotilla-Actor", "mallory")
                .contentType(ContentType.JSON)
                .body("{\"reason\": \"who am I\"}")
                .post("/api/rollouts/" + rollout + "/pause")
                .then()
                .statusCode(200);

        // then
        var actions = given().get("/api/rollouts/" + rollout).then().extract().jsonPath();
        assertThat(actions.getList("actions.actor", String.class))
                .contains("acl-operator")
                .doesNotContain("mallory");
        assertThat(actions.getString("startedBy")).isEqualTo("bootstrap");
    }

    @Test
    @Order(7)
    void shouldAuditRefusalsAndActionsWithTheirActors() {
        var audit = given().get("/api/audit?limit=10000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> rows = audit.getList("");
        assertThat(rows)
                .anySatisfy(row -> {
                    assertThat(row.get("actor")).isEqualTo("anonymous");
                    assertThat(row.get("status")).isEqualTo(401);
                    assertThat(row.get("action")).isEqualTo("POST /api/rollouts/{id}/pause");
                })
                .anySatisfy(row -> {
                    assertThat(row.get("actor")).isEqualTo("acl-viewer");
                    assertThat(row.get("status")).isEqualTo(403);
                    assertThat(row.get("detail")).isEqualTo("this needs the role admin");
                })
                .anySatisfy(row -> {
                    assertThat(row.get("actor")).isEqualTo("acl-operator");
                    assertThat(row.get("status")).isEqualTo(200);
                    assertThat(row.get("target")).isEqualTo("/api/rollouts/" + rollout + "/pause");
                })
                .anySatisfy(row -> {
                    assertThat(row.get("actor")).isEqualTo("bootstrap");
                    assertThat(row.get("action")).isEqualTo("POST /api/tokens");
                    assertThat((String) row.get("detail")).startsWith("token=acl-viewer role=viewer");
                });
        assertThat(audit.getString("")).doesNotContain(TestCallers.BOOTSTRAP).doesNotContain("\"secret\"");
        assertThat(given().get("/api/audit/verify").then().extract().jsonPath().getBoolean("intact"))
                .isTrue();
    }

    @Test
    @Order(8)
    void shouldRefuseToChangeAuditRowsAndDetectWhatASuperuserChanges() {
        // given
        assertThat((Throwable) db.refusedAsCoordinator("update audit_log set actor = 'nobody' where seq = 2"))
                .hasMessageContaining("audit_log is append-only");
        assertThat((Throwable) db.refusedAsCoordinator("delete from audit_log where seq = 2"))
                .hasMessageContaining("audit_log is append-only");

        String original = actorOf(3);

        // when: a row changed in place
        db.asSuperuser("update audit_log set actor = 'nobody' where seq = 3");

        // then
        var changed = verification();
        assertThat(changed.getBoolean("intact")).isFalse();
        assertThat(changed.getLong("brokenAt")).isEqualTo(3);
        assertThat(changed.getString("problem")).contains("changed");

        // when: put back as it was, then a row deleted
        db.asSuperuser("update audit_log set actor = '" + original + "' where seq = 3");
        assertThat(verification().getBoolean("intact")).isTrue();

        // when: a row changed and its hash recomputed, as plain SHA-256, by someone without the key
        Map<String, Object> row = rowOf(4);
        AuditEntry forged = new AuditEntry(
                Instant.parse((String) row.get("at")),
                "nobody",
                (String) row.get("action"),
                (String) row.get("target"),
                ((Number) row.get("status")).intValue(),
                (String) row.get("detail"));
        String previous = (String) rowOf(3).get("hash");
        db.asSuperuser("update audit_log set actor = 'nobody', hash = '" + AuditChain.hash(null, previous, 4, forged)
                + "' where seq = 4");

        // then the keyed chain still shows it
        assertThat(verification().getLong("brokenAt")).isEqualTo(4);
        db.asSuperuser("update audit_log set actor = '" + row.get("actor") + "', hash = '" + row.get("hash")
                + "' where seq = 4");
        assertThat(verification().getBoolean("intact")).isTrue();
        db.asSuperuser("delete from audit_log where seq = 5");

        // then
        var deleted = verification();
        assertThat(deleted.getBoolean("intact")).isFalse();
        assertThat(deleted.getLong("brokenAt")).isEqualTo(6);
        assertThat(deleted.getString("problem")).contains("deleted");
    }

    private static io.restassured.path.json.JsonPath verification() {
        return given().get("/api/audit/verify").then().statusCode(200).extract().jsonPath();
    }

    private static String actorOf(long seq) {
        return (String) rowOf(seq).get("actor");
    }

    private static Map<String, Object> rowOf(long seq) {
        List<Map<String, Object>> rows = given().get("/api/audit?limit=10000")
                .then()
                .extract()
                .jsonPath()
                .getList("");
        return rows.stream()
                .filter(row -> ((Number) row.get("seq")).longValue() == seq)
                .findFirst()
                .orElseThrow();
    }

    @Test
    @Order(9)
    void shouldTakeAnIdentityProvidersTokensWithTheirRolesAndRefuseForgedOrExpiredOnes() throws Exception {
        // given
        PrivateKey idp = privateKey(ConfigProvider.getConfig().getValue(JWT_SIGNING_KEY, String.class));
        Header approver = jwt(idp, "carol@idp.test", Set.of("approver"), 300);
        Header mapped = jwt(idp, "dave@idp.test", Set.of("release-managers"), 300);
        KeyPairGenerator other = KeyPairGenerator.getInstance("RSA");
        other.initialize(2048);
        Header forged = jwt(other.generateKeyPair().getPrivate(), "mallory@idp.test", Set.of("admin"), 300);
        Header expired = jwt(idp, "carol@idp.test", Set.of("admin"), -60);

        // then: the claim's roles, with what they include, and the mapped group
        assertThat(given().header(approver).get("/api/rollouts").statusCode()).isEqualTo(200);
        assertThat(given().header(mapped).get("/api/rollouts").statusCode()).isEqualTo(200);
        Response pause = given().header(approver)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/rollouts/" + rollout + "/cancel");
        assertThat(pause.statusCode()).isEqualTo(403);
        assertThat(pause.jsonPath().getString("detail")).isEqualTo("this needs the role operator");
        assertThat(given().header(approver)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/api/rollouts/" + UUID.randomUUID() + "/approve")
                        .statusCode())
                .isEqualTo(404);
        assertThat(given().header(forged).get("/api/rollouts").statusCode()).isEqualTo(401);
        assertThat(given().header(expired).get("/api/rollouts").statusCode()).isEqualTo(401);

        // and the actor is the identity provider's user
        List<Map<String, Object>> rows =
                given().get("/api/audit?limit=10").then().extract().jsonPath().getList("");
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("actor")).isEqualTo("carol@idp.test");
            assertThat(row.get("status")).isEqualTo(403);
        });
    }

    private static Header jwt(PrivateKey key, String user, Set<String> groups, long expiresInSeconds) {
        long now = Instant.now().getEpochSecond();
        String token = Jwt.issuer(ISSUER)
                .upn(user)
                .groups(groups)
                .issuedAt(now - 120)
                .expiresAt(now + expiresInSeconds)
                .sign(key);
        return TestCallers.bearer(token);
    }

    private static PrivateKey privateKey(String pemFile) throws Exception {
        String pem = Files.readString(Path.of(pemFile))
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static boolean holds(String role, String needed) {
        return role.equals(needed) || role.equals("admin") || needed.equals("viewer");
    }

    private static Response send(Endpoint e, String path, String body, Header caller) {
        RequestSpecification request = given().redirects().follow(false);
        request = caller == null ? request.header(new Header("Authorization", "none")) : request.header(caller);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.request(e.method(), path.replaceAll("#.*", ""));
    }

    private Map<String, String> state() {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String table : STATE) {
            digests.put(table, db.digest(table));
        }
        return digests;
    }
}
