package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.api.auth.Caller;
import dev.flotilla.coordinator.service.TokenService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * API tokens, for admins: {@code POST /api/tokens} with {@code {"name", "role", "expires"}} issues one
 * and answers its secret, once; {@code GET} lists them without secrets; {@code DELETE /api/tokens/{name}}
 * revokes the active token of that name.
 */
@Path("/api/tokens")
@RolesAllowed("admin")
public class TokenResource {

    private final TokenService tokens;
    private final Caller caller;

    public TokenResource(TokenService tokens, Caller caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    /** A token just issued; {@code secret} is shown this once and never stored. */
    public record IssuedView(TokenService.TokenInfo token, String secret) implements Audited {
        @Override
        public String auditDetail() {
            return "token=" + token.name() + " role=" + token.role() + " expiresAt=" + token.expiresAt();
        }
    }

    @POST
    public Uni<RestResponse<IssuedView>> issue(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest(null, "the body is {\"name\": …, \"role\": …, \"expires\": …}");
        }
        String by = caller.name();
        return tokens.issue(
                        ActionFields.text(body, "name").orElse(null),
                        ActionFields.text(body, "role").orElse(null),
                        ActionFields.text(body, "expires").orElse(null),
                        by)
                .map(issued -> RestResponse.status(
                        RestResponse.Status.CREATED, new IssuedView(issued.token(), issued.secret())));
    }

    @GET
    public Uni<List<TokenService.TokenInfo>> list() {
        return tokens.list();
    }

    @DELETE
    @Path("/{name}")
    public Uni<TokenService.TokenInfo> revoke(@PathParam("name") String name) {
        return tokens.revoke(name, caller.name());
    }
}
