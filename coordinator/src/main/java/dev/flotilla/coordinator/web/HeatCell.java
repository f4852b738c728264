package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.matrix.CellState;
import java.util.Locale;

/**
 * One square of a heat map, of a migration ({@code version}): the state it is coloured by ({@code css}, a class of dashboard.css), what
 * it reads, and what hovering over it says.
 */
public record HeatCell(String version, String css, String text, String title) {

    /** The class a cell state is coloured with. */
    static String css(CellState state) {
        return "st-" + state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A state as people read it. */
    static String label(CellState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
