package dev.flotilla.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agent's configuration, {@code flotilla.agent.*}. */
@ConfigMapping(prefix = "flotilla.agent")
public interface AgentConfig {

    /** Unique per agent process; names it in heartbeats and history rows. */
    String id();

    /** The site this agent serves; it reads {@code flotilla.commands.<site>}. */
    String site();

    /** How many tenants this agent migrates at once. */
    @WithDefault("4")
    int capacity();

    @WithDefault("10s")
    Duration heartbeatInterval();

    /** How long a run waits for another agent's lock on the same tenant before giving up. */
    @WithDefault("30s")
    Duration lockWait();

    /** How long a run waits for its plan to arrive on {@code flotilla.plans}. */
    @WithDefault("60s")
    Duration planWait();

    /**
     * How often a step that is still executing is reported as alive (a {@code StepProgress} event), so
     * the coordinator can tell a long step from a lost one.
     */
    @WithDefault("30s")
    Duration progressInterval();

    /**
     * A transactional step still executing after this long is reported as started ({@code StepStarted});
     * one that ends sooner is reported by its outcome alone, which halves the events of a fleet of
     * quick steps. {@code 0s} reports every step before it executes. Non-transactional steps are
     * always reported before they execute: they can leave a tenant dirty.
     */
    @WithDefault("250ms")
    Duration stepStartedAfter();

    /**
     * {@code lock_timeout} of a step (of each batch of a batched step) whose migration sets none with
     * {@code -- flotilla:lock-timeout}: a step waiting for a lock gives up after this long, so the
     * tenant's own queries, which queue behind it, are never held up for longer.
     */
    @WithDefault("10s")
    Duration stepLockTimeout();

    /**
     * {@code statement_timeout} of a step (of each batch of a batched step) whose migration sets none
     * with {@code -- flotilla:statement-timeout}, so a runaway statement cannot hold a tenant for ever.
     */
    @WithDefault("1h")
    Duration stepStatementTimeout();

    /**
     * When an event has waited this long for the broker (the network to it is cut, it restarts), each
     * run stops after its current step and lets go of its tenant until every event sent so far reached
     * the broker or failed: an agent cut off from the broker stops after its current step ({@code
     * ReportBacklog}).
     */
    @WithDefault("2s")
    Duration reportStall();

    /**
     * At most this many consecutive transactional steps of a run share one transaction (and one round
     * trip and one commit), as a migration tool applying a tenant's pending migrations would; if any of
     * them fails, they run again one by one, so the step at fault is known and those before it are
     * applied. {@code 1} gives every step its own transaction.
     */
    @WithDefault("20")
    int stepsPerTransaction();

    /**
     * The coordinator's Ed25519 public key (an X.509 PEM file): only plans it signed are run, and only
     * commands it signed are acted on ({@code messaging.CommandTrust}).
     */
    Optional<String> trustedPlanKey();

    /**
     * Run without {@link #trustedPlanKey()}, on purpose: plans checked by content only, commands not at
     * all. Without this, an agent with no trusted key refuses to start.
     */
    @WithDefault("false")
    boolean insecure();

    /**
     * The oldest command the agent acts on, by the time the coordinator's relay sent it (signed with
     * it): an older one is set aside, so a command recorded off the topic cannot be replayed later. By
     * then the coordinator has sent a run again, or given up on it ({@code flotilla.runs.quiet-after} x
     * {@code flotilla.runs.max-sends}); allow for clock skew between the hosts.
     */
    @WithDefault("1h")
    Duration commandMaxAge();

    /** How many cancelled runs the agent remembers, and for how long. */
    CancelMarkLimits cancelMarks();

    /** Cancel marks ({@code apply.CancelMarks}) kept in memory: the oldest go first. */
    interface CancelMarkLimits {

        /** At most this many marks; beyond it the oldest is forgotten. */
        @WithDefault("10000")
        int max();

        /** A mark is forgotten this long after it was set. */
        @WithDefault("24h")
        Duration keepFor();
    }

    /** How many plans the agent keeps in memory ({@code apply.PlanCache}). */
    PlanCacheLimits planCache();

    /** Plans kept in memory; one evicted is read again from {@code flotilla.plans} when a command needs it. */
    interface PlanCacheLimits {

        /** At most this many plans, except that a plan a queued or running command needs is never evicted. */
        @WithDefault("500")
        int max();
    }

    /** The connection pool of each tenant database. */
    TenantPool tenantPool();

    /** Limits of a tenant database's connection pool ({@code tenants.TenantPools}). */
    interface TenantPool {

        /**
         * Connections to one tenant database at most; empty for {@code capacity} + 2 (a session per tenant
         * migrated at once, and room for a cancel and an inventory).
         */
        Optional<Integer> maxSize();

        /** A connection unused in the pool for this long is closed. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** A pool that has no connection and was not asked for one for this long is closed and forgotten. */
        @WithDefault("10m")
        Duration evictAfter();
    }

    /** Settings of every session the agent opens to a tenant database. */
    TenantSessionSettings tenantSession();

    /** PostgreSQL settings sent with every tenant connection's start-up, so no round trip sets them. */
    interface TenantSessionSettings {

        /**
         * {@code idle_in_transaction_session_timeout}: the server ends a tenant session left idle inside
         * an open transaction for this long (an agent that hangs mid-step), releasing its locks. A step's
         * transaction is never idle for longer than a round trip: it must stay far above that.
         */
        @WithDefault("10m")
        Duration idleInTransactionTimeout();

        /**
         * {@code client_connection_check_interval} (PostgreSQL 14 and later): while a statement runs, the
         * server checks this often that the agent is still connected, and stops the statement when it is
         * not. {@code 0s} does not send the setting (for older servers).
         */
        @WithDefault("10s")
        Duration connectionCheckInterval();

        /** TCP keepalive on tenant connections, so a dead peer or a dropped NAT entry is noticed. */
        @WithDefault("true")
        boolean tcpKeepAlive();
    }

    Postgres postgres();

    Tenants tenants();

    /** The PostgreSQL server holding the tenants. Credentials stay in this process. */
    interface Postgres {
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("5432")
        int port();

        @WithDefault("postgres")
        String user();

        /** The password; or {@link #passwordFile()}, never both. */
        Optional<String> password();

        /**
         * A file holding the password (a mounted secret), read whenever a tenant database's pool opens;
         * a pool in use keeps the password it opened with.
         */
        Optional<Path> passwordFile();

        /**
         * TLS to the tenant databases, as libpq's {@code sslmode}: {@code disable} (the default),
         * {@code allow}, {@code prefer}, {@code require} (encrypted, the server not verified unless
         * {@link #sslRootCert()} is given), {@code verify-ca} (its certificate signed by {@code
         * ssl-root-cert}) or {@code verify-full} (and naming the host).
         */
        Optional<String> sslMode();

        /** The CA certificates (PEM) the tenant databases' certificates are checked against. */
        Optional<Path> sslRootCert();
    }

    /** How a tenant database that cannot be reached is retried before the run fails. */
    TenantConnect tenantConnect();

    /** Retries of a connection to a tenant database that fails for a reason that may pass. */
    interface TenantConnect {

        /** Connection attempts in all, the first included; at least 1. */
        @WithDefault("5")
        int attempts();

        /** The wait after the first failed attempt; it doubles after each next one, up to a minute. */
        @WithDefault("1s")
        Duration backoff();
    }

    /**
     * Which tenants this agent serves, in one of three modes: {@code explicit} (tenant id → its own
     * database), {@code schemas} (a list of schemas in {@code database}, one tenant each), or
     * discovery of the schemas in {@code database} whose names match {@code schema-pattern} (SQL LIKE).
     */
    interface Tenants {
        Map<String, String> explicit();

        /** The database holding schema-per-tenant tenants. */
        Optional<String> database();

        Optional<List<String>> schemas();

        @WithDefault("tenant\\_%")
        String schemaPattern();

        /** Labels per tenant id ({@code tenants.labels.<tenant>.<key>=<value>}); they win over the query's. */
        Map<String, Map<String, String>> labels();

        /**
         * SQL run in {@code database} that gives tenants their labels: the first column is the tenant id,
         * every other column a label named after it (nulls are left out), e.g. {@code select tenant_id,
         * plan as tier, region from public.tenants}. Re-read every {@code rediscover-interval}.
         */
        Optional<String> labelQuery();

        @WithDefault("30s")
        Duration rediscoverInterval();
    }
}
