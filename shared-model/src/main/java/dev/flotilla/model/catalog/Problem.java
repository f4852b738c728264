package dev.flotilla.model.catalog;

/**
 * One thing wrong with a migrations directory.
 *
 * @param file the file name the problem is in
 * @param line 1-based line the problem applies to
 * @param message what is wrong, for a person
 */
public record Problem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
