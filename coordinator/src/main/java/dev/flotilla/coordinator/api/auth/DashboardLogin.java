package dev.flotilla.coordinator.api.auth;

/** Where the dashboard's pages send a browser that has not logged in, and which paths are such pages. */
public final class DashboardLogin {

    public static final String PATH = "/ui/login";

    private DashboardLogin() {}

    /** Whether a refused request is for a dashboard page a browser asked for (not the API, not a script's stream). */
    public static boolean isPage(String path, String accept) {
        boolean dashboard = !path.startsWith("/api/") && !path.startsWith("/ui/") && !path.startsWith("/q/");
        return dashboard && accept != null && accept.contains("text/html");
    }

    /** {@code next} when it is a path on this server, else the fleet page: a login never sends a browser elsewhere. */
    public static String safeNext(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/";
    }
}
