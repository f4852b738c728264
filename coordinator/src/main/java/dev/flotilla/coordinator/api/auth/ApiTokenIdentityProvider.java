package dev.flotilla.coordinator.api.auth;

import dev.flotilla.coordinator.service.TokenService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a valid API token into its identity: the token's name, and its role. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {

    private final TokenService tokens;

    public ApiTokenIdentityProvider(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        return tokens.check(request.secret()).map(verdict -> switch (verdict) {
            case TokenService.Verdict.Valid valid ->
                QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(valid.name()))
                        .addRole(valid.role().code())
                        .build();
            case TokenService.Verdict.Refused refused -> throw new AuthenticationFailedException(refused.reason());
        });
    }
}
