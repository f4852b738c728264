package dev.flotilla.agent;

import dev.flotilla.testkit.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The agent's infrastructure ({@link AgentTestResources}) with its tenant databases behind a {@link
 * TcpProxy}, so a test can cut the network between the agent and PostgreSQL; connections are retried
 * four times, 300ms apart at first.
 */
public class UnreachableTenantTestResources extends AgentTestResources {

    /** The proxy between the agent and its tenants' PostgreSQL; one test class uses it at a time. */
    static volatile TcpProxy proxy;

    @Override
    protected void configure(Map<String, String> config) {
        super.configure(config);
        try {
            proxy = TcpProxy.to(postgres().host(), postgres().port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("flotilla.agent.postgres.port", Integer.toString(proxy.port()));
        config.put("flotilla.agent.tenant-connect.attempts", "4");
        config.put("flotilla.agent.tenant-connect.backoff", "300ms");
    }

    @Override
    protected void cleanUp() {
        try {
            proxy.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
