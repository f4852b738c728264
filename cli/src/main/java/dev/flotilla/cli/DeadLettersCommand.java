package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Lists the messages set aside as dead letters (by the coordinator, or by an agent), newest first, so
 * an operator sees what could not be read or carried out, where it came from, and why.
 */
@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        description = "List the messages set aside as dead letters, newest first.")
public final class DeadLettersCommand implements Callable<Integer> {

    /** Reasons can be long (a whole exception); a table shows this many characters of each. */
    static final int REASON_CHARS = 100;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--by",
            paramLabel = "SIDE",
            description = "Only those set aside by the coordinator or by an agent: coordinator or agent.")
    String by;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "How many, at most (1-1000, default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        if (by != null && !by.equals("coordinator") && !by.equals("agent")) {
            throw new ParameterException(spec.commandLine(), "--by must be coordinator or agent, got '" + by + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and 1000, got " + limit);
        }
        String query = "api/dead-letters?limit=" + limit + (by == null ? "" : "&setAsideBy=" + by);
        JsonNode letters = FlotillaCli.root(spec).apiClient().get(query);
        output.print(spec.commandLine().getOut(), letters, DeadLettersCommand::render);
        return 0;
    }

    /** Renders the answer of {@code GET /api/dead-letters}. */
    static String render(JsonNode letters) {
        Table table = Table.withHeaders("ID", "SET ASIDE", "BY", "TOPIC", "TYPE", "TENANT", "REASON")
                .rightAlign(0);
        for (JsonNode letter : letters) {
            String by = Json.text(letter, "setAsideBy");
            if (letter.path("outgoing").asBoolean()) {
                by = by + " (unsent)";
            }
            table.row(
                    Json.text(letter, "id"),
                    Json.text(letter, "receivedAt"),
                    by,
                    Json.text(letter, "topic"),
                    Json.text(letter, "type"),
                    Json.text(letter, "tenant"),
                    shorten(Json.text(letter, "reason")));
        }
        return table.size() == 0 ? "no dead letters\n" : table.render();
    }

    private static String shorten(String reason) {
        if (reason == null) {
            return null;
        }
        String line = reason.replaceAll("\\s+", " ");
        return line.length() <= REASON_CHARS ? line : line.substring(0, REASON_CHARS - 1) + "…";
    }
}
