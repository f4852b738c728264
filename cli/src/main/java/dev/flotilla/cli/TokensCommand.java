package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** API tokens, for admins (docs/security.md): issue one with a role, list them, revoke one. */
@Command(
        name = "tokens",
        mixinStandardHelpOptions = true,
        description = "Issue, list and revoke API tokens (admin).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand {

    /** {@code flotilla tokens create --role operator --name ci [--expires 90d]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Issue a token; its secret is printed once and never shown again.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "Who or what holds it, as the audit log shows it.")
        String name;

        @Option(names = "--role", required = true, description = "viewer, operator, approver or admin.")
        String role;

        @Option(
                names = "--expires",
                paramLabel = "WHEN",
                description = "A lifetime (30m, 12h, 90d), an instant (2027-01-31T00:00:00Z) or never;"
                        + " 90d when not given.")
        String expires;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role);
            if (expires != null) {
                body.put("expires", expires);
            }
            JsonNode issued = FlotillaCli.root(spec).apiClient().post("api/tokens", body);
            output.print(spec.commandLine().getOut(), issued, Create::render);
            return ExitCodes.OK;
        }

        static String render(JsonNode issued) {
            JsonNode token = issued.get("token");
            String expiresAt = Json.text(token, "expiresAt");
            return "token " + Json.text(token, "name") + " (" + Json.text(token, "role") + "), expires "
                    + (expiresAt == null ? "never" : expiresAt) + "\n" + Json.text(issued, "secret") + "\n"
                    + "keep it now: it is not shown again (FLOTILLA_TOKEN=… or ~/.config/flotilla/token)\n";
        }
    }

    /** {@code flotilla tokens list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens, without secrets.")
    static final class ListTokens implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            JsonNode tokens = FlotillaCli.root(spec).apiClient().get("api/tokens");
            output.print(spec.commandLine().getOut(), tokens, ListTokens::render);
            return ExitCodes.OK;
        }

        static String render(JsonNode tokens) {
            Table table = Table.withHeaders("NAME", "ROLE", "HINT", "CREATED", "BY", "EXPIRES", "REVOKED");
            for (JsonNode token : tokens) {
                String expires = Json.text(token, "expiresAt");
                String revoked = Json.text(token, "revokedAt");
                table.row(
                        Json.text(token, "name"),
                        Json.text(token, "role"),
                        Json.text(token, "hint"),
                        Json.text(token, "createdAt"),
                        Json.text(token, "createdBy"),
                        expires == null ? "never" : expires,
                        revoked == null ? "" : revoked + " by " + Json.text(token, "revokedBy"));
            }
            return table.size() == 0 ? "no tokens\n" : table.render();
        }
    }

    /** {@code flotilla tokens revoke NAME}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke the active token of a name.")
    static final class Revoke implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The token's name.")
        String name;

        @Override
        public Integer call() {
            JsonNode revoked = FlotillaCli.root(spec).apiClient().delete("api/tokens/" + ApiClient.segment(name));
            spec.commandLine()
                    .getOut()
                    .println("revoked " + Json.text(revoked, "name") + " at " + Json.text(revoked, "revokedAt"));
            return ExitCodes.OK;
        }
    }
}
