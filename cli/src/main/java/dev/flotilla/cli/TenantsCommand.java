package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Lists the tenants the agents reported, with where each one stands; a dirty tenant is the one an
 * operator must look at before the next rollout.
 */
@Command(
        name = "tenants",
        mixinStandardHelpOptions = true,
        description = "List the tenants the agents reported.",
        subcommands = {
            TenantShowCommand.class,
            TenantsCommand.Label.class,
            RepairCommands.Repair.class,
            RepairCommands.Baseline.class,
            RepairCommands.Audit.class
        })
public final class TenantsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TenantSelection selection;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        JsonNode tenants = FlotillaCli.root(spec).apiClient().get("api/tenants" + selection.query('?'));
        output.print(spec.commandLine().getOut(), tenants, TenantsCommand::render);
        return 0;
    }

    /** Sets or removes labels of one tenant, over what its agent reports. */
    @Command(
            name = "label",
            mixinStandardHelpOptions = true,
            description = "Set labels (key=value) or remove them (key-) on a tenant; they win over the agent's.")
    static final class Label implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TENANT", description = "The tenant id.")
        String tenant;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "LABEL", description = "key=value, or key- to remove.")
        List<String> labels;

        @Override
        public Integer call() {
            Map<String, String> changes = new LinkedHashMap<>();
            for (String label : labels) {
                int equals = label.indexOf('=');
                if (equals > 0) {
                    changes.put(label.substring(0, equals), label.substring(equals + 1));
                } else if (label.endsWith("-") && label.length() > 1) {
                    changes.put(label.substring(0, label.length() - 1), null);
                } else {
                    throw new ParameterException(
                            spec.commandLine(), "'" + label + "' is neither key=value nor key- (to remove a label)");
                }
            }
            JsonNode updated = FlotillaCli.root(spec)
                    .apiClient()
                    .patch("api/tenants/" + ApiClient.segment(tenant) + "/labels", changes);
            spec.commandLine()
                    .getOut()
                    .print(render(Json.MAPPER.createArrayNode().add(updated)));
            return 0;
        }
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
