package dev.flotilla.cli;

/**
 * Where the coordinator is: {@code --api}, else {@code FLOTILLA_API}, else the URL {@code local up}
 * stored for the local stack, else the coordinator's default port on this machine. The local
 * stack's URL comes after the explicit choices so that it never hides them.
 */
public final class ApiUrl {

    public static final String DEFAULT = "http://127.0.0.1:8080";

    private ApiUrl() {}

    /**
     * @param option the {@code --api} value, may be null
     * @param environment the {@code FLOTILLA_API} value, may be null
     * @param localStack the URL in the local stack's state, may be null
     */
    public static String resolve(String option, String environment, String localStack) {
        for (String candidate : new String[] {option, environment, localStack}) {
            if (candidate != null && !candidate.isBlank()) {
                return strip(candidate.strip());
            }
        }
        return DEFAULT;
    }

    private static String strip(String url) {
        String withScheme = url.contains("://") ? url : "http://" + url;
        return withScheme.endsWith("/") ? withScheme.substring(0, withScheme.length() - 1) : withScheme;
    }
}
