package dev.flotilla.model.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One SQL file of a migration, as read from disk.
 *
 * @param fileName the file's name, for error messages and audit
 * @param sql the script text, line endings normalised to LF
 * @param checksum {@link Checksum#of(String)} of the text
 * @param directives what its leading {@code -- flotilla:} comments ask for
 */
public record Script(String fileName, String sql, String checksum, Directives directives) {

    public Script {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(directives, "directives");
    }

    /**
     * Reads the text of one script as {@link CatalogReader} does.
     *
     * @throws CatalogException naming every problem found
     */
    public static Script read(String fileName, String text) {
        List<Problem> problems = new ArrayList<>();
        Script script = ScriptParser.parse(fileName, text, problems::add);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return script;
    }
}
