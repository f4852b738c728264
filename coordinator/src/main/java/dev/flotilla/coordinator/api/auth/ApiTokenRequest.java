package dev.flotilla.coordinator.api.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A Flotilla API token presented by a request; only {@link ApiTokenIdentityProvider} takes it. */
final class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String secret;

    ApiTokenRequest(String secret) {
        this.secret = secret;
    }

    String secret() {
        return secret;
    }
}
