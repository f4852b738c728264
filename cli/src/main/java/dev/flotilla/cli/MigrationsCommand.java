package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the catalog the coordinator loaded, so an operator sees what {@code --to} can name. */
@Command(name = "migrations", mixinStandardHelpOptions = true, description = "List the migration catalog.")
public final class MigrationsCommand implements Callable<Integer> {

    /** Checksums are SHA-256; this many hex digits tell scripts apart in a terminal. */
    static final int CHECKSUM_DIGITS = 12;

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        JsonNode migrations = FlotillaCli.root(spec).apiClient().get("api/migrations");
        output.print(spec.commandLine().getOut(), migrations, MigrationsCommand::render);
        return 0;
    }

    /** Renders the answer of {@code GET /api/migrations}. */
    static String render(JsonNode migrations) {
        Table table = Table.withHeaders("#", "VERSION", "NAME", "CHECKSUM", "TRANSACTIONAL", "REVERSIBLE")
                .rightAlign(0);
        int position = 1;
        for (JsonNode migration : migrations) {
            table.row(
                    position++,
                    Json.text(migration, "version"),
                    Json.text(migration, "name"),
                    shortChecksum(Json.text(migration, "checksum")),
                    yesNo(migration.get("transactional")),
                    yesNo(migration.get("reversible")));
        }
        return table.size() == 0 ? "the catalog is empty\n" : table.render();
    }

    static String shortChecksum(String checksum) {
        return checksum == null || checksum.length() <= CHECKSUM_DIGITS
                ? checksum
                : checksum.substring(0, CHECKSUM_DIGITS);
    }

    static String yesNo(JsonNode flag) {
        return flag == null || flag.isNull() ? null : flag.asBoolean() ? "yes" : "no";
    }
}
