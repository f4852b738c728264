package dev.flotilla.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain-text table with aligned columns, in the style of {@code kubectl get}: upper-case
 * headers, two spaces between columns, no borders, so it reads well in a terminal and greps well.
 * Counts are right-aligned so digits line up; a missing value shows as {@code -}.
 */
public final class Table {

    private static final String GAP = "  ";
    private static final String MISSING = "-";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<Integer> rightAligned = new HashSet<>();

    private Table(List<String> headers) {
        this.headers = headers;
    }

    public static Table withHeaders(String... headers) {
        return new Table(List.of(headers));
    }

    public static Table withHeaders(List<String> headers) {
        return new Table(List.copyOf(headers));
    }

    /** Right-aligns the given zero-based columns. */
    public Table rightAlign(int... columns) {
        Arrays.stream(columns).forEach(rightAligned::add);
        return this;
    }

    /** Adds a row; {@code null} cells print as {@code -}; a row must have one cell per header. */
    public Table row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    public Table row(List<?> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(
                    "row has " + cells.size() + " cells, the table " + headers.size() + " columns");
        }
        rows.add(cells.stream()
                .map(cell -> cell == null ? MISSING : cell.toString())
                .toList());
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** The table as lines ending in a newline, without trailing spaces. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            if (column > 0) {
                line.append(GAP);
            }
            String cell = cells.get(column);
            String padding = " ".repeat(widths[column] - cell.length());
            line.append(rightAligned.contains(column) ? padding + cell : cell + padding);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
