package dev.flotilla.coordinator.api.auth;

import dev.flotilla.coordinator.access.TokenSecret;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Finds a Flotilla API token on a request: {@code Authorization: Bearer flt_…}, or the dashboard's
 * session cookie. A bearer token of any other shape is left to the JWT mechanism (an identity
 * provider's access token), so this one runs first. A request authenticated by the cookie may change
 * something only with the {@value #CSRF_HEADER} header, which a page of another site cannot add.
 */
@ApplicationScoped
public class ApiTokenMechanism implements HttpAuthenticationMechanism {

    /** The dashboard's session cookie: HttpOnly, SameSite=Strict, holding the token itself. */
    public static final String COOKIE = "flotilla_token";

    /** The header the dashboard's scripts send with every change. */
    public static final String CSRF_HEADER = "X-Flotilla-Csrf";

    private static final String BEARER = "bearer ";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        String secret = null;
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            secret = header.substring(BEARER.length()).strip();
            if (!TokenSecret.isToken(secret)) {
                return Uni.createFrom().nullItem();
            }
        } else {
            Cookie cookie = context.request().getCookie(COOKIE);
            if (cookie == null || !TokenSecret.isToken(cookie.getValue())) {
                return Uni.createFrom().nullItem();
            }
            if (!SAFE.contains(context.request().method()) && context.request().getHeader(CSRF_HEADER) == null) {
                return Uni.createFrom()
                        .failure(new AuthenticationFailedException(
                                "a change authenticated by the dashboard's cookie needs the " + CSRF_HEADER
                                        + " header; API clients send Authorization: Bearer instead"));
            }
            secret = cookie.getValue();
        }
        return identities.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenRequest(secret), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom()
                .item(new ChallengeData(
                        HttpResponseStatus.UNAUTHORIZED.code(), "WWW-Authenticate", "Bearer realm=\"flotilla\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }

    /** Before the JWT mechanism (priority 1000), which would refuse a token that is not a JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 500;
    }
}
