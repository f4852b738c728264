package dev.flotilla.coordinator.api;

/**
 * Query parameters read by the resources themselves, not by JAX-RS, which answers 404 to a parameter
 * it cannot convert: a bad value is a 400 naming the parameter.
 */
final class QueryParams {

    private QueryParams() {}

    /** {@code text} as an integer from {@code min} to {@code max}; else a 400 naming {@code field} and {@code rule}. */
    static int integer(String field, String text, int min, int max, String rule) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, with the field named
        }
        throw ApiProblem.badRequest(field, rule + ", got '" + text + "'");
    }
}
