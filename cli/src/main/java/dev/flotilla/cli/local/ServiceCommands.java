package dev.flotilla.cli.local;

import java.nio.file.Path;
import java.util.List;

/**
 * The command lines of the packaged coordinator and agents. Everything is passed as system
 * properties, which outrank {@code application.properties} and environment variables, so a stray
 * {@code FLOTILLA_AGENT_*} in the operator's shell cannot point the local stack elsewhere.
 */
public final class ServiceCommands {

    private ServiceCommands() {}

    /**
     * @param java the java launcher
     * @param jar the coordinator's {@code quarkus-run.jar}
     * @param migrations the catalog directory, absolute
     * @param signingKey the private key the coordinator signs plans with
     * @param tokenFile the admin token the coordinator takes as its bootstrap token
     */
    public static List<String> coordinator(
            String java,
            Path jar,
            int httpPort,
            String kafka,
            HostPort postgres,
            Path migrations,
            Path signingKey,
            Path tokenFile) {
        return List.of(
                java,
                "-Xmx512m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Dquarkus.datasource.reactive.url=postgresql://" + postgres + "/" + Databases.COORDINATOR,
                "-Dquarkus.datasource.username=" + Databases.USER,
                "-Dflotilla.migrations.dir=" + migrations.toAbsolutePath(),
                "-Dflotilla.plans.signing-key=" + signingKey.toAbsolutePath(),
                "-Dflotilla.auth.bootstrap-token-file=" + tokenFile.toAbsolutePath(),
                "-jar",
                jar.toString());
    }

    /**
     * @param site the site number, 1-based
     * @param schemas the tenant schemas in {@link Databases#FLEET} this agent serves, not empty
     * @param capacity how many tenants the agent migrates at once
     * @param trustedKey the coordinator's public key: the agent runs only plans it signed
     */
    public static List<String> agent(
            String java,
            Path jar,
            int httpPort,
            String kafka,
            int site,
            List<String> schemas,
            int capacity,
            HostPort postgres,
            Path trustedKey) {
        String siteName = TenantFleet.siteName(site);
        return List.of(
                java,
                "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Dflotilla.agent.id=agent-" + siteName,
                "-Dflotilla.agent.site=" + siteName,
                "-Dflotilla.agent.capacity=" + capacity,
                "-Dflotilla.agent.tenants.database=" + Databases.FLEET,
                "-Dflotilla.agent.tenants.schemas=" + String.join(",", schemas),
                "-Dflotilla.agent.postgres.host=" + postgres.host(),
                "-Dflotilla.agent.postgres.port=" + postgres.port(),
                "-Dflotilla.agent.trusted-plan-key=" + trustedKey.toAbsolutePath(),
                "-jar",
                jar.toString());
    }
}
