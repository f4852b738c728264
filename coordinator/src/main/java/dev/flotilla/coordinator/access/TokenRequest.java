package dev.flotilla.coordinator.access;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token to issue, checked: a name people recognise in the audit log, a role, and when it expires.
 *
 * @param expiresAt null when it never expires
 */
public record TokenRequest(String name, Role role, Instant expiresAt) {

    /** Tokens last this long unless asked otherwise. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Names a token cannot take: the bootstrap token's (made from configuration only), and the actors
     * the coordinator records for no caller and for itself.
     */
    private static final Set<String> RESERVED = Set.of("bootstrap", "anonymous", "flotilla");

    private static final Pattern LIFETIME = Pattern.compile("(\\d{1,6})([mhd])");

    /**
     * Reads a request's fields; {@code expires} is {@code never}, a lifetime ({@code 30m}, {@code 12h},
     * {@code 90d}) or an ISO-8601 instant, and {@link #DEFAULT_LIFETIME} from {@code now} when null.
     */
    public static TokenRequest of(String name, String role, String expires, Instant now) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TokenRefused(
                    TokenRefused.Kind.INVALID,
                    "name",
                    "name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (no '@':"
                            + " names with one are an identity provider's users)");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new TokenRefused(TokenRefused.Kind.INVALID, "name", "name '" + name + "' is reserved");
        }
        Role parsed = Role.parse(role)
                .orElseThrow(() -> new TokenRefused(
                        TokenRefused.Kind.INVALID, "role", "role must be one of " + Role.codes() + ", got " + role));
        return new TokenRequest(name, parsed, expiry(expires, now));
    }

    private static Instant expiry(String expires, Instant now) {
        if (expires == null || expires.isBlank()) {
            return now.plus(DEFAULT_LIFETIME);
        }
        String text = expires.strip().toLowerCase(Locale.ROOT);
        if (text.equals("never")) {
            return null;
        }
        Matcher lifetime = LIFETIME.matcher(text);
        if (lifetime.matches()) {
            long amount = Long.parseLong(lifetime.group(1));
            Duration unit =
                    switch (lifetime.group(2)) {
                        case "m" -> Duration.ofMinutes(1);
                        case "h" -> Duration.ofHours(1);
                        default -> Duration.ofDays(1);
                    };
            if (amount > 0) {
                return now.plus(unit.multipliedBy(amount));
            }
        }
        try {
            Instant at = Instant.parse(expires.strip());
            if (at.isAfter(now)) {
                return at;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new TokenRefused(
                TokenRefused.Kind.INVALID,
                "expires",
                "expires must be never, a lifetime such as 30m, 12h or 90d, or a future instant such as"
                        + " 2027-01-31T00:00:00Z, got " + expires);
    }
}
