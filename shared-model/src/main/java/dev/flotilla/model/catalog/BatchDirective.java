package dev.flotilla.model.catalog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the arguments of {@code -- flotilla:batch} and checks the script they apply to: one statement
 * that uses both {@code :lo} and {@code :hi}, in a script that does not also say {@code no-transaction}
 * (each batch is its own transaction). The caller names the directive's line in each problem.
 */
final class BatchDirective {

    static final String USAGE = "batch table=<table> key=<column> size=<keys per batch> [pause=<duration>]";

    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");
    private static final Pattern SIZE = Pattern.compile("^[0-9]{1,7}$");
    private static final Set<String> ARGUMENTS = Set.of("table", "key", "size", "pause");

    private final Consumer<String> problems;

    private BatchDirective(Consumer<String> problems) {
        this.problems = problems;
    }

    /**
     * The batch the arguments ask for, or empty when they are wrong (each problem reported).
     *
     * @param durations reads a duration argument, reporting its own problem; empty when malformed
     */
    static Optional<BatchSpec> parse(
            String arguments, Consumer<String> problems, Function<String, Optional<Duration>> durations) {
        return new BatchDirective(problems).parse(arguments, durations);
    }

    private Optional<BatchSpec> parse(String arguments, Function<String, Optional<Duration>> durations) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word :
                arguments.isBlank() ? new String[0] : arguments.trim().split("\\s+")) {
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            if (equals < 0 || !ARGUMENTS.contains(name)) {
                problems.accept("directive 'batch' does not know '" + word + "' (write it as " + USAGE + ")");
                return Optional.empty();
            }
            if (values.put(name, word.substring(equals + 1)) != null) {
                problems.accept("directive 'batch' gives '" + name + "' twice");
                return Optional.empty();
            }
        }
        for (String required : List.of("table", "key", "size")) {
            if (!values.containsKey(required)) {
                problems.accept("directive 'batch' needs " + required + "= (write it as " + USAGE + ")");
                return Optional.empty();
            }
        }
        return spec(values, durations);
    }

    private Optional<BatchSpec> spec(Map<String, String> values, Function<String, Optional<Duration>> durations) {
        String[] table = values.get("table").split("\\.", -1);
        String key = values.get("key");
        boolean namesValid = (table.length <= 2 || notAName("table", values.get("table")))
                && List.of(table).stream().allMatch(part -> identifier("table", part))
                && identifier("key", key);
        Optional<Integer> size = size(values.get("size"));
        Optional<Duration> pause =
                values.containsKey("pause") ? durations.apply(values.get("pause")) : Optional.of(Duration.ZERO);
        if (!namesValid || size.isEmpty() || pause.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> schema = table.length == 2 ? Optional.of(table[0]) : Optional.empty();
        return Optional.of(new BatchSpec(schema, table[table.length - 1], key, size.get(), pause.get()));
    }

    private boolean identifier(String argument, String value) {
        return IDENTIFIER.matcher(value).matches() || notAName(argument, value);
    }

    /** Reports the value as not a (schema-qualified) name; false. */
    private boolean notAName(String argument, String value) {
        problems.accept("directive 'batch' needs " + argument + "= to be a lower-case SQL name ([a-z_][a-z0-9_]*),"
                + " optionally schema-qualified, got '" + value + "'");
        return false;
    }

    private Optional<Integer> size(String value) {
        if (SIZE.matcher(value).matches()) {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= BatchSpec.MAX_SIZE) {
                return Optional.of(size);
            }
        }
        problems.accept("directive 'batch' needs size= to be a whole number from 1 to " + BatchSpec.MAX_SIZE + ", got '"
                + value + "'");
        return Optional.empty();
    }

    /** Checks the script a parsed batch directive applies to. */
    static void checkScript(Directives directives, String sql, Consumer<String> problems) {
        if (!directives.transactional()) {
            problems.accept("directive 'batch' cannot be combined with no-transaction: each batch commits in its"
                    + " own transaction");
        }
        List<String> statements = SqlText.split(sql);
        if (statements.size() != 1) {
            problems.accept("a batched script must hold exactly one statement, found " + statements.size());
            return;
        }
        Set<String> used = SqlText.placeholders(statements.getFirst());
        for (String placeholder : BatchSpec.PLACEHOLDERS) {
            if (!used.contains(placeholder)) {
                problems.accept("a batched statement must use :" + placeholder
                        + " (each batch covers the keys with :lo < key <= :hi)");
            }
        }
    }
}
