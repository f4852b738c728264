package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the releases of {@code migrations/releases.yaml}, with what to know before rolling one out. */
@Command(
        name = "releases",
        mixinStandardHelpOptions = true,
        description = "List the releases (migrations/releases.yaml) the coordinator loaded.")
public final class ReleasesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        output.print(
                spec.commandLine().getOut(),
                FlotillaCli.root(spec).apiClient().get("api/releases"),
                ReleasesCommand::render);
        return 0;
    }

    /** Renders the answer of {@code GET /api/releases}. */
    static String render(JsonNode releases) {
        if (releases.isEmpty()) {
            return "no releases: add migrations/releases.yaml (docs/migration-format.md)\n";
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode release : releases) {
            out.append(Json.text(release, "name"))
                    .append("  ")
                    .append(Json.text(release, "description"))
                    .append('\n')
                    .append("  migrations: ")
                    .append(String.join(" ", Json.texts(release.path("migrations"))))
                    .append(" (up to ")
                    .append(Json.text(release, "upTo"))
                    .append(")\n");
            for (String change : Json.texts(release.path("breaking"))) {
                out.append("  breaking: ").append(change).append('\n');
            }
            String notes = Json.text(release, "notes");
            if (notes != null && !notes.isBlank()) {
                out.append("  notes: ")
                        .append(notes.strip().replace("\n", "\n         "))
                        .append('\n');
            }
        }
        return out.toString();
    }
}
