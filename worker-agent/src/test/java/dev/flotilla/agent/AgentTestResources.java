package dev.flotilla.agent;

import dev.flotilla.model.wire.Topics;
import dev.flotilla.testkit.Fleet;
import dev.flotilla.testkit.ServiceTestResources;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real infrastructure for the agent's integration tests ({@link ServiceTestResources}): an in-process
 * Kafka broker with the wire contract's topics, and a fresh PostgreSQL database holding
 * schema-per-tenant tenants {@code tenant_0001} … {@code tenant_0060} plus one schema that is not a
 * tenant. Both are removed in {@link #stop()}.
 */
public class AgentTestResources extends ServiceTestResources {

    static final String AGENT_ID = "agent-it";
    static final String SITE = "site-it";
    /** 1–43 the first tests', 44–59 for the agent's hardening, 60 {@link MetricsTest}'s. */
    static final int TENANTS = 60;
    /** Plans the agent keeps in these tests. */
    static final int PLAN_CACHE_MAX = 8;
    /** A schema in the tenants' database whose name does not match the discovery pattern. */
    static final String NOT_A_TENANT = "billing";

    public AgentTestResources() {
        super("ft_agent");
    }

    @Override
    protected Collection<String> topics() {
        return List.of(Topics.EVENTS, Topics.PLANS, Topics.AGENTS, Topics.DEAD_LETTERS, Topics.commands(SITE));
    }

    @Override
    protected void configure(Map<String, String> config) {
        Fleet.createSchemas(postgres(), database(), TENANTS);
        createSchema(NOT_A_TENANT);
        createTenantsTable();
        configureAgent(config);
        config.put("flotilla.agent.tenants.database", database());
        config.put("flotilla.agent.tenants.label-query", "select tenant_id, plan as tier, region from public.tenants");
        config.put("flotilla.agent.tenants.labels.tenant_0002.group", "internal");
        config.put("flotilla.agent.tenants.labels.tenant_0002.tier", "enterprise");
    }

    /** The agent's settings whatever its tenants are: who it is, its server, its keys, its timings. */
    protected final void configureAgent(Map<String, String> config) {
        config.put("flotilla.agent.id", AGENT_ID);
        config.put("flotilla.agent.site", SITE);
        config.put("flotilla.agent.postgres.host", postgres().host());
        config.put("flotilla.agent.postgres.port", Integer.toString(postgres().port()));
        config.put("flotilla.agent.postgres.user", postgres().user());
        // Trust authentication here accepts any password, so a recognisable canary proves none leaks.
        config.put(
                "flotilla.agent.postgres.password",
                postgres().password().isEmpty()
                        ? "canary-pw-" + UUID.randomUUID()
                        : postgres().password());
        config.put("flotilla.agent.plan-wait", "15s");
        config.put("flotilla.agent.lock-wait", "5s");
        config.put("flotilla.agent.trusted-plan-key", keys().publicKey().toString());
        config.put(FakeCoordinator.SIGNING_KEY, keys().privateKey().toString());
        // Far above any quick step's duration, so only the deliberately slow steps report progress.
        config.put("flotilla.agent.progress-interval", "2s");
        // Short enough for StepTimeoutsTest to see a step give up on a lock, long for everything else.
        config.put("flotilla.agent.step-lock-timeout", "3s");
        config.put("flotilla.agent.step-statement-timeout", "30s");
        // Quick steps are reported by their outcome alone; a step still executing after 3s is announced.
        config.put("flotilla.agent.step-started-after", "3s");
        // Small bounds, so the suite runs with plans let go of and read again, and pools emptied and closed.
        config.put("flotilla.agent.plan-cache.max", Integer.toString(PLAN_CACHE_MAX));
        config.put("flotilla.agent.tenant-pool.idle-timeout", "2s");
        config.put("flotilla.agent.tenant-pool.evict-after", "3s");
        // Values no default has, so a test can tell they reached the tenant's session.
        config.put("flotilla.agent.tenant-session.idle-in-transaction-timeout", "7m");
        config.put("flotilla.agent.tenant-session.connection-check-interval", "5s");
    }

    private void createSchema(String schema) {
        execute("create schema \"" + schema + "\"");
    }

    /** The application's own table of tenants, which the label query reads. */
    private void createTenantsTable() {
        execute("create table public.tenants (tenant_id text primary key, plan text, region text);"
                + " insert into public.tenants values ('tenant_0002', 'pro', 'eu'), ('tenant_0003', 'free', null)");
    }

    /** Runs a statement in the test database. */
    protected final void execute(String sql) {
        try (Connection c = postgres().connect(database());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }
}
