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
 * Lists the notifications sent to webhooks, newest first: what each told of, and whether it was
 * delivered, is still being tried, or was given up, with the last answer.
 */
@Command(
        name = "notifications",
        mixinStandardHelpOptions = true,
        description = "List the webhook notifications, newest first, with how each delivery went.")
public final class NotificationsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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
        if (limit < 1 || limit > 1000) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and 1000, got " + limit);
        }
        JsonNode sent = FlotillaCli.root(spec).apiClient().get("api/notifications?limit=" + limit);
        output.print(spec.commandLine().getOut(), sent, NotificationsCommand::render);
        return ExitCodes.OK;
    }

    /** Renders the answer of {@code GET /api/notifications}. */
    static String render(JsonNode sent) {
        Table table = Table.withHeaders(
                        "ID", "CREATED", "WEBHOOK", "EVENT", "ROLLOUT", "TENANT", "STATE", "ATTEMPTS", "LAST ANSWER")
                .rightAlign(0, 7);
        for (JsonNode notification : sent) {
            String status = Json.text(notification, "lastStatus");
            String error = Json.text(notification, "lastError");
            table.row(
                    Json.text(notification, "id"),
                    Json.text(notification, "createdAt"),
                    Json.text(notification, "webhook"),
                    Json.text(notification, "event"),
                    Json.shortId(Json.text(notification, "rollout")),
                    Json.text(notification, "tenant"),
                    Json.text(notification, "state"),
                    Json.text(notification, "attempts"),
                    error != null ? error : status);
        }
        return table.size() == 0 ? "no notifications (none configured, or nothing to tell yet)\n" : table.render();
    }
}
