package dev.flotilla.model.wire;

import java.util.List;

/**
 * An agent is alive; on the compacted {@code flotilla.agents} topic, keyed by agent id.
 *
 * @param capacity how many tenants the agent migrates at once
 */
public record AgentHeartbeat(String agent, String site, List<String> tenants, int capacity, String version)
        implements Payload {

    public AgentHeartbeat {
        tenants = List.copyOf(tenants);
    }
}
