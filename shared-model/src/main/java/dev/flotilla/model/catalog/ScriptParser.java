package dev.flotilla.model.catalog;

import java.util.List;
import java.util.function.Consumer;

/** Turns the text of one SQL file into a {@link Script}, reporting what is wrong with it. */
final class ScriptParser {

    private ScriptParser() {}

    static Script parse(String fileName, String text, Consumer<Problem> problems) {
        String sql = Checksum.normaliseLineEndings(text.startsWith("\uFEFF") ? text.substring(1) : text);
        List<String> lines = sql.lines().toList();
        Directives directives = DirectiveParser.parse(fileName, lines, problems);
        boolean hasStatement =
                lines.stream().map(String::strip).anyMatch(line -> !line.isEmpty() && !line.startsWith("--"));
        if (!hasStatement) {
            problems.accept(new Problem(fileName, 1, "empty script: no SQL statement, only blank lines and comments"));
        }
        return new Script(fileName, sql, Checksum.sha256Hex(sql), directives);
    }
}
