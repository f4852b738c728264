package dev.flotilla.cli.local;

import dev.flotilla.cli.Table;
import java.util.List;
import java.util.Locale;

/** What {@code local ps} prints: one line per process of the stack, in start order. */
final class ProcessTable {

    /** Whether a recorded process still runs, as {@code local ps} shows it. */
    enum State {
        RUNNING,
        DEAD;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One line of the table.
     *
     * @param name the process's name in the stack, never null
     * @param pid the pid it was last started with
     * @param state whether that pid still runs
     */
    record Row(String name, long pid, State state) {}

    private ProcessTable() {}

    static String render(List<Row> rows) {
        Table table = Table.withHeaders("NAME", "PID", "STATE").rightAlign(1);
        rows.forEach(row -> table.row(row.name(), row.pid(), row.state().label()));
        return table.render();
    }
}
