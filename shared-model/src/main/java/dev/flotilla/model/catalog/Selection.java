package dev.flotilla.model.catalog;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A custom batch of migrations chosen by their 1-based position in the catalog: {@code 1,3-5,9},
 * {@code all}; an empty text or {@code none} selects nothing (a plan refuses that as empty). Pure.
 *
 * @param all every migration of the catalog, whatever its size
 * @param ranges the chosen position ranges, when not {@code all}
 */
public record Selection(boolean all, List<Range> ranges) {

    /** Positions {@code from} to {@code to}, both included, 1-based. */
    public record Range(int from, int to) {}

    public Selection {
        ranges = List.copyOf(ranges);
    }

    /**
     * @throws IllegalArgumentException naming the part that is wrong: not a number, a range that runs
     *     backwards, position 0
     */
    public static Selection parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty() || trimmed.equals("none")) {
            return new Selection(false, List.of());
        }
        if (trimmed.equals("all")) {
            return new Selection(true, List.of());
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : trimmed.split(",", -1)) {
            ranges.add(range(part.strip(), text));
        }
        return new Selection(false, ranges);
    }

    private static Range range(String part, String text) {
        int dash = part.indexOf('-');
        int from = position(dash < 0 ? part : part.substring(0, dash).strip(), part, text);
        int to = dash < 0 ? from : position(part.substring(dash + 1).strip(), part, text);
        if (to < from) {
            throw new IllegalArgumentException(
                    "selection '" + text + "': range " + part + " runs backwards (write " + to + "-" + from + ")");
        }
        return new Range(from, to);
    }

    private static int position(String number, String part, String text) {
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit) || number.length() > 9) {
            throw new IllegalArgumentException("selection '" + text + "': '" + part
                    + "' is not a position or a range of positions (such as 3 or 3-5); use all or none otherwise");
        }
        int position = Integer.parseInt(number);
        if (position == 0) {
            throw new IllegalArgumentException("selection '" + text + "': positions start at 1");
        }
        return position;
    }

    public boolean isEmpty() {
        return !all && ranges.isEmpty();
    }

    /**
     * The selected migrations, in catalog order, each once.
     *
     * @throws IllegalArgumentException when a position lies beyond the catalog
     */
    public List<Migration> resolve(Catalog catalog) {
        List<Migration> migrations = catalog.migrations();
        if (all) {
            return migrations;
        }
        BitSet chosen = new BitSet();
        for (Range range : ranges) {
            if (range.to() > migrations.size()) {
                throw new IllegalArgumentException(
                        "position " + range.to() + " is beyond the catalog's " + migrations.size() + " migrations");
            }
            chosen.set(range.from() - 1, range.to());
        }
        return chosen.stream().mapToObj(migrations::get).toList();
    }
}
