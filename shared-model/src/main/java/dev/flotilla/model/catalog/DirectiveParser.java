package dev.flotilla.model.catalog;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the leading {@code -- flotilla:} comments of a script. Directives must come before the first
 * statement; anything else about them that is wrong becomes a {@link Problem} with its line.
 */
final class DirectiveParser {

    static final String KNOWN = "no-transaction, lock-timeout <duration>, statement-timeout <duration>, irreversible, "
            + BatchDirective.USAGE;

    private static final Pattern DIRECTIVE = Pattern.compile("^--\\s*flotilla:\\s*(\\S+)\\s*(.*?)\\s*$");
    private static final Pattern LOOKALIKE = Pattern.compile("^--\\s*flotilla\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("^([0-9]{1,9})(ms|s|m|h)$");

    private final String file;
    private final Consumer<Problem> problems;
    private final Set<String> seen = new HashSet<>();
    private Directives directives = Directives.DEFAULT;
    /** The line of the batch directive, 0 when there is none. */
    private int batchLine;

    private DirectiveParser(String file, Consumer<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * Parses the directives of one script; problems go to {@code problems}, and what could be parsed is
     * returned.
     */
    static Directives parse(String file, List<String> lines, Consumer<Problem> problems) {
        DirectiveParser parser = new DirectiveParser(file, problems);
        boolean inHeader = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher m = DIRECTIVE.matcher(line);
            if (m.matches()) {
                if (inHeader) {
                    parser.directive(i + 1, m.group(1), m.group(2));
                } else {
                    parser.problem(i + 1, "directive '" + line + "' must come before the first SQL statement");
                }
            } else if (LOOKALIKE.matcher(line).matches()) {
                parser.problem(i + 1, "malformed directive '" + line + "' (write it as -- flotilla:NAME, lower case)");
            } else if (!line.isEmpty() && !line.startsWith("--")) {
                inHeader = false;
            }
        }
        if (parser.directives.batch().isPresent()) {
            BatchDirective.checkScript(
                    parser.directives, String.join("\n", lines), message -> parser.problem(parser.batchLine, message));
        }
        return parser.directives;
    }

    private void directive(int line, String name, String argument) {
        if (!seen.add(name)) {
            problem(line, "directive '" + name + "' is given twice");
            return;
        }
        switch (name) {
            case "no-transaction" ->
                noArgument(line, name, argument, () -> directives = directives.withNoTransaction());
            case "irreversible" -> noArgument(line, name, argument, () -> directives = directives.withIrreversible());
            case "lock-timeout" -> duration(line, name, argument, d -> directives = directives.withLockTimeout(d));
            case "statement-timeout" ->
                duration(line, name, argument, d -> directives = directives.withStatementTimeout(d));
            case "batch" -> {
                batchLine = line;
                BatchDirective.parse(argument, message -> problem(line, message), text -> durationOf(line, name, text))
                        .ifPresent(spec -> directives = directives.withBatch(spec));
            }
            default -> problem(line, "unknown directive '" + name + "' (known: " + KNOWN + ")");
        }
    }

    private void noArgument(int line, String name, String argument, Runnable apply) {
        if (argument.isEmpty()) {
            apply.run();
        } else {
            problem(line, "directive '" + name + "' takes no argument, got '" + argument + "'");
        }
    }

    private void duration(int line, String name, String argument, Consumer<Duration> apply) {
        durationOf(line, name, argument).ifPresent(apply);
    }

    /** The duration, or empty (with a problem reported) when it is malformed. */
    private Optional<Duration> durationOf(int line, String name, String argument) {
        Matcher m = DURATION.matcher(argument);
        if (!m.matches()) {
            problem(
                    line,
                    "directive '" + name + "' needs a duration such as 500ms, 5s, 10m or 1h, got '" + argument + "'");
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
    }

    private void problem(int line, String message) {
        problems.accept(new Problem(file, line, message));
    }
}
