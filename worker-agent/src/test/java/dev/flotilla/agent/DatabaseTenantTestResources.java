package dev.flotilla.agent;

import java.util.Map;

/**
 * The agent's infrastructure ({@link AgentTestResources}) for a database-per-tenant fleet of one:
 * tenant {@value #TENANT} is the whole test database. Its history table is in {@code public}, and the
 * database's own search path puts the application's tables in {@value #APP_SCHEMA}, as applications
 * with their own schema set it up.
 */
public class DatabaseTenantTestResources extends AgentTestResources {

    static final String TENANT = "acme";
    /** The first schema on the tenant database's search path: where unqualified tables and their indexes go. */
    static final String APP_SCHEMA = "app";
    /** The config property naming the tenant's database. */
    static final String TENANT_DATABASE = "flotilla.agent.tenants.explicit." + TENANT;

    @Override
    protected void configure(Map<String, String> config) {
        execute("create schema " + APP_SCHEMA + "; alter database \"" + database() + "\" set search_path = "
                + APP_SCHEMA + ", public");
        configureAgent(config);
        config.put(TENANT_DATABASE, database());
    }
}
