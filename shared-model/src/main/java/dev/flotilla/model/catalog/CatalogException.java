package dev.flotilla.model.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** A migrations directory that cannot be used, with every problem found in it. */
public final class CatalogException extends RuntimeException {

    private final List<Problem> problems;

    public CatalogException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n", "invalid migrations:\n", "")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
