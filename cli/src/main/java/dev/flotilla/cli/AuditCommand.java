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
 * The audit log (docs/security.md): who did what, and what was refused, newest first; {@code audit
 * verify} checks the log's hash chain and exits 1 when a row was changed or deleted.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "List the audit log, newest first; `audit verify` checks it was not tampered with.",
        subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Only rows at or after it (2026-12-01T00:00:00Z).")
    String since;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "How many, at most (1-10000, default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 10_000) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and 10000, got " + limit);
        }
        String query = "api/audit?limit=" + limit + (since == null ? "" : "&since=" + ApiClient.segment(since));
        JsonNode rows = FlotillaCli.root(spec).apiClient().get(query);
        output.print(spec.commandLine().getOut(), rows, AuditCommand::render);
        return ExitCodes.OK;
    }

    static String render(JsonNode rows) {
        Table table = Table.withHeaders("SEQ", "AT", "ACTOR", "ACTION", "TARGET", "STATUS", "DETAIL")
                .rightAlign(0, 5);
        for (JsonNode row : rows) {
            table.row(
                    Json.text(row, "seq"),
                    Json.text(row, "at"),
                    Json.text(row, "actor"),
                    Json.text(row, "action"),
                    Json.text(row, "target"),
                    Json.text(row, "status"),
                    Json.text(row, "detail"));
        }
        return table.size() == 0 ? "the audit log is empty\n" : table.render();
    }

    /** {@code flotilla audit verify}: exit 0 when the chain is intact, 1 naming the first broken row. */
    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the audit log's hash chain.")
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            JsonNode result = FlotillaCli.root(spec).apiClient().get("api/audit/verify");
            output.print(spec.commandLine().getOut(), result, Verify::render);
            return result.path("intact").asBoolean() ? ExitCodes.OK : ExitCodes.FAILED;
        }

        static String render(JsonNode result) {
            if (result.path("intact").asBoolean()) {
                return "intact: " + Json.text(result, "rows") + " rows, head " + Json.text(result, "head") + "\n"
                        + "(rows cut from the end leave the chain intact: compare the count and head with ones"
                        + " noted earlier, docs/security.md)\n";
            }
            return "TAMPERED: row " + Json.text(result, "brokenAt") + ": " + Json.text(result, "problem") + "\n";
        }
    }
}
