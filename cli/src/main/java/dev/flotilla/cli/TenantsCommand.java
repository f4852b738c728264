package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Lists the tenants the agents reported, with where each one stands; a dirty tenant is the one an
 * operator must look at before the next rollout.
 */
@Command(name = "tenants", mixinStandardHelpOptions = true, description = "List the tenants the agents reported.")
public final class TenantsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode tenants = FlotillaCli.root(spec).apiClient().get("api/tenants");
        spec.commandLine().getOut().print(render(tenants));
        return 0;
    }

    /** Renders the answer of {@code GET /api/tenants}. */
    static String render(JsonNode tenants) {
        Table table = Table.withHeaders("TENANT", "SITE", "AGENT", "LABELS", "VERSION", "DIRTY", "LAST INVENTORY");
        for (JsonNode tenant : tenants) {
            table.row(
                    Json.text(tenant, "id"),
                    Json.text(tenant, "site"),
                    Json.text(tenant, "agent"),
                    labels(tenant.path("labels")),
                    Json.text(tenant, "currentVersion"),
                    MigrationsCommand.yesNo(tenant.get("dirty")),
                    Json.text(tenant, "lastInventoryAt"));
        }
        return table.size() == 0 ? "no tenants reported yet\n" : table.render() + "tenants: " + table.size() + "\n";
    }

    /** {@code key=value} pairs joined by commas, as a selector would name them; null when there are none. */
    private static String labels(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        labels.fields()
                .forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        return pairs.isEmpty() ? null : String.join(",", pairs);
    }
}
