package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.access.Role;
import dev.flotilla.coordinator.access.TokenRefused;
import dev.flotilla.coordinator.access.TokenRequest;
import dev.flotilla.coordinator.access.TokenSecret;
import dev.flotilla.coordinator.store.ApiToken;
import dev.flotilla.coordinator.store.TokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * API tokens (docs/security.md): issued with a role and an expiry, shown once, stored as a hash, checked
 * on every request that carries one, revoked by name. Each call is its own Hibernate Reactive
 * transaction (ADR 011).
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOGGER = Logger.getLogger(TokenService.class);

    private final TokenRepository tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenService(TokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A token as listed: everything but the secret, which is never kept. */
    public record TokenInfo(
            UUID id,
            String name,
            String role,
            String hint,
            Instant createdAt,
            String createdBy,
            Instant expiresAt,
            Instant revokedAt,
            String revokedBy) {

        static TokenInfo of(ApiToken t) {
            return new TokenInfo(
                    t.id, t.name, t.role, t.hint, t.createdAt, t.createdBy, t.expiresAt, t.revokedAt, t.revokedBy);
        }
    }

    /** A token just issued, with its secret: the only time the secret is seen. */
    public record Issued(TokenInfo token, String secret) {}

    /** What a presented secret is worth. */
    public sealed interface Verdict {
        /** A valid token: the identity and role it carries. */
        record Valid(String name, Role role) implements Verdict {}

        /** Not valid, and why, in words safe to tell the caller. */
        record Refused(String reason) implements Verdict {}
    }

    /** Checks a presented secret. */
    public Uni<Verdict> check(String secret) {
        if (!TokenSecret.isWellFormed(secret)) {
            return Uni.createFrom().item(new Verdict.Refused("the token is malformed"));
        }
        return Reactive.session(() -> tokens.byHash(TokenSecret.hash(secret)))
                .map(token -> verdict(token, clock.instant()));
    }

    static Verdict verdict(ApiToken token, Instant now) {
        if (token == null) {
            return new Verdict.Refused("the token is unknown");
        }
        if (token.revokedAt != null) {
            return new Verdict.Refused("the token '" + token.name + "' was revoked");
        }
        if (token.expiresAt != null && !now.isBefore(token.expiresAt)) {
            return new Verdict.Refused("the token '" + token.name + "' expired at " + token.expiresAt);
        }
        return Role.parse(token.role)
                .<Verdict>map(role -> new Verdict.Valid(token.name, role))
                .orElseGet(() -> new Verdict.Refused("the token '" + token.name + "' has an unknown role"));
    }

    /** Issues a token as {@code by} asked, refused when an active token already has the name. */
    public Uni<Issued> issue(String name, String role, String expires, String by) {
        Instant now = clock.instant();
        TokenRequest request = TokenRequest.of(name, role, expires, now);
        String secret = TokenSecret.generate(random);
        return Reactive.transaction(() -> tokens.activeNamed(request.name()).flatMap(existing -> {
                    if (existing != null) {
                        throw new TokenRefused(
                                TokenRefused.Kind.CONFLICT,
                                "name",
                                "an active token is already called '" + request.name()
                                        + "': revoke it first or choose another name");
                    }
                    return tokens.persist(newToken(request, secret, now, by));
                }))
                .onFailure(TokenService::nameTaken)
                .transform(e -> new TokenRefused(
                        TokenRefused.Kind.CONFLICT,
                        "name",
                        "an active token is already called '" + request.name() + "' (issued at the same moment)"))
                .map(saved -> {
                    LOGGER.infof(
                            "token issued name=%s role=%s expiresAt=%s by=%s",
                            saved.name, saved.role, saved.expiresAt, by);
                    return new Issued(TokenInfo.of(saved), secret);
                });
    }

    /** Whether the insert lost to another issuing the same name at once: the unique index refused it. */
    private static boolean nameTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && violation.getConstraintName() != null
                    && violation.getConstraintName().contains("api_tokens_active_name")) {
                return true;
            }
        }
        return false;
    }

    private static ApiToken newToken(TokenRequest request, String secret, Instant now, String by) {
        ApiToken token = new ApiToken();
        token.id = UUID.randomUUID();
        token.name = request.name();
        token.role = request.role().code();
        token.tokenHash = TokenSecret.hash(secret);
        token.hint = TokenSecret.hint(secret);
        token.createdAt = now;
        token.createdBy = by;
        token.expiresAt = request.expiresAt();
        return token;
    }

    /** Every token, newest first, revoked and expired ones included. */
    public Uni<List<TokenInfo>> list() {
        return Reactive.session(() -> tokens.newestFirst())
                .map(all -> all.stream().map(TokenInfo::of).toList());
    }

    /** Revokes the active token called {@code name}; it stops working at once. */
    public Uni<TokenInfo> revoke(String name, String by) {
        return Reactive.transaction(() -> tokens.activeNamed(name).map(token -> {
            if (token == null) {
                throw new TokenRefused(TokenRefused.Kind.NOT_FOUND, null, "no active token is called '" + name + "'");
            }
            token.revokedAt = clock.instant();
            token.revokedBy = by;
            LOGGER.infof("token revoked name=%s by=%s", name, by);
            return TokenInfo.of(token);
        }));
    }

    /**
     * Makes {@code secret} the admin token called {@value BootstrapToken#NAME}: kept when it is already, else
     * issued, revoking an older bootstrap token whose secret was replaced; a revoked one stays revoked.
     */
    Uni<Void> ensureBootstrap(String secret) {
        String hash = TokenSecret.hash(secret);
        Instant now = clock.instant();
        return Reactive.transaction(
                () -> tokens.lockForBootstrap().chain(() -> tokens.byHash(hash)).flatMap(same -> {
                    if (same != null) {
                        if (same.revokedAt != null) {
                            LOGGER.warnf("bootstrap token stays revoked revokedBy=%s", same.revokedBy);
                        }
                        return Uni.createFrom().voidItem();
                    }
                    return tokens.activeNamed(BootstrapToken.NAME).flatMap(older -> {
                        if (older != null) {
                            older.revokedAt = now;
                            older.revokedBy = BootstrapToken.NAME;
                            LOGGER.info("bootstrap token replaced: the old one is revoked");
                        }
                        return tokens.flush()
                                .chain(() -> tokens.persist(newToken(
                                        new TokenRequest(BootstrapToken.NAME, Role.ADMIN, null),
                                        secret,
                                        now,
                                        "config")))
                                .replaceWithVoid();
                    });
                }));
    }
}
