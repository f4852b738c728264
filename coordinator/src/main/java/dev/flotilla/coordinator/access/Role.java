package dev.flotilla.coordinator.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a caller may do (docs/security.md). Roles build on each other: every role may read, an
 * {@link #ADMIN} may do all an operator and an approver may; an operator does not approve waves and an
 * approver does not start or stop rollouts, so the two duties can be held by different people.
 */
public enum Role {
    /** Reads everything: rollouts, matrix, tenants, agents, dead letters, notifications, the audit log. */
    VIEWER,
    /** Starts, pauses, resumes and cancels rollouts, retries and skips tenants, sets labels. */
    OPERATOR,
    /** Approves waves that wait for an approval. */
    APPROVER,
    /** Rolls back, repairs, baselines, overrides irreversible steps and manages tokens. */
    ADMIN;

    /** The role's name as tokens, claims and {@code @RolesAllowed} spell it. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role and every role it includes. */
    public Set<Role> implied() {
        return switch (this) {
            case VIEWER -> EnumSet.of(VIEWER);
            case OPERATOR -> EnumSet.of(OPERATOR, VIEWER);
            case APPROVER -> EnumSet.of(APPROVER, VIEWER);
            case ADMIN -> EnumSet.allOf(Role.class);
        };
    }

    /** The codes of every role that the given role codes grant; codes that name no role are left out. */
    public static Set<String> grantedBy(Set<String> codes) {
        return grantedBy(codes, Map.of());
    }

    /**
     * The codes of every role that {@code codes} grant, each code first read as an identity provider's
     * group in {@code groups} (group to role code); codes that name no role and no mapped group are left out.
     */
    public static Set<String> grantedBy(Set<String> codes, Map<String, String> groups) {
        return codes.stream()
                .map(code -> groups.getOrDefault(code, code))
                .map(Role::parse)
                .flatMap(Optional::stream)
                .flatMap(role -> role.implied().stream())
                .map(Role::code)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The role a code names, whatever its case; empty when it names none. */
    public static Optional<Role> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.strip();
        return Arrays.stream(values())
                .filter(r -> r.code().equalsIgnoreCase(wanted))
                .findFirst();
    }

    /** The role codes, in order, for messages: "viewer, operator, approver, admin". */
    public static String codes() {
        return Arrays.stream(values()).map(Role::code).collect(Collectors.joining(", "));
    }
}
