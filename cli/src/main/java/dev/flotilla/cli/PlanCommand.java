package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Plan files: see what one would do before starting it (docs/plan-files.md). */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Work with plan files.",
        subcommands = {PlanCommand.Preview.class})
public final class PlanCommand {

    /**
     * Shows, per wave, the tenants and each tenant's steps (going down, with the irreversible step a
     * revert stops above), and the tenants that cannot take part.
     */
    @Command(
            name = "preview",
            mixinStandardHelpOptions = true,
            description = "Show what a plan file would do now, changing nothing.")
    static final class Preview implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = {"-f", "--file"},
                required = true,
                paramLabel = "FILE",
                description = "The plan file (YAML).")
        Path file;

        @Override
        public Integer call() {
            JsonNode preview = PlanFile.read(file).submit(FlotillaCli.root(spec).apiClient(), "api/plans?dryRun=true");
            spec.commandLine().getOut().print(render(preview));
            return 0;
        }

        static String render(JsonNode preview) {
            StringBuilder out = new StringBuilder();
            int position = 1;
            for (JsonNode wave : preview.path("waves")) {
                out.append(String.format(
                        "wave %d: %s (%s)%s%s, %d tenants%n",
                        position++,
                        Json.text(wave, "name"),
                        Json.text(wave, "select"),
                        "0s".equals(Json.text(wave, "soak")) ? "" : ", soak " + Json.text(wave, "soak"),
                        wave.path("approval").asBoolean() ? ", needs approval" : "",
                        wave.path("tenants").size()));
                Table table = Table.withHeaders("TENANT", "SITE", "STEPS");
                for (JsonNode tenant : wave.path("tenants")) {
                    String stopped = Json.text(preview.path("stoppedAbove"), Json.text(tenant, "tenant"));
                    table.row(
                            Json.text(tenant, "tenant"),
                            Json.text(tenant, "site"),
                            String.join(" ", Json.texts(tenant.path("steps")))
                                    + (stopped == null ? "" : " (stops above " + stopped + ", irreversible)"));
                }
                if (table.size() > 0) {
                    table.render()
                            .lines()
                            .forEach(line -> out.append("  ").append(line).append('\n'));
                }
                for (JsonNode tenant : wave.path("tenants")) {
                    if (tenant.path("skips").size() > 0) {
                        out.append("  warning: ")
                                .append(Json.text(tenant, "tenant"))
                                .append(" would jump over ")
                                .append(String.join(" ", Json.texts(tenant.path("skips"))))
                                .append(", which it does not have\n");
                    }
                }
            }
            JsonNode excluded = preview.path("excluded");
            if (excluded.size() > 0) {
                out.append("cannot take part: ").append(excluded.size()).append(" tenants\n");
                for (JsonNode tenant : excluded) {
                    out.append("  ")
                            .append(Json.text(tenant, "tenant"))
                            .append(": ")
                            .append(Json.text(tenant, "reason"))
                            .append('\n');
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            preview.path("irreversible").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> blocking = it.next();
                out.append("irreversible: ")
                        .append(blocking.getKey())
                        .append(" has no down script, needed by ")
                        .append(String.join(", ", Json.texts(blocking.getValue())))
                        .append('\n');
            }
            return out.toString();
        }
    }
}
