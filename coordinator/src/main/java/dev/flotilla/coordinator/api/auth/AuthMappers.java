package dev.flotilla.coordinator.api.auth;

import dev.flotilla.coordinator.api.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refusals for want of credentials (401, with the Bearer challenge; a dashboard page is sent to the
 * login page instead) or of a role (403, naming the role needed), as problem bodies. The audit filter
 * records both.
 */
public class AuthMappers {

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        return unauthorized("this needs credentials: Authorization: Bearer <token> (docs/security.md)", uri, headers);
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
        String reason =
                e.getMessage() == null || e.getMessage().isBlank() ? "the credentials are not valid" : e.getMessage();
        return unauthorized(reason, uri, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        return ProblemMappers.problem(403, "this needs the role " + roleOf(resource), null);
    }

    @ServerExceptionMapper
    public Response roleRequired(RoleRequired e) {
        return ProblemMappers.problem(403, e.getMessage(), null);
    }

    private static Response unauthorized(String detail, UriInfo uri, HttpHeaders headers) {
        String path = uri.getPath();
        if (DashboardLogin.isPage(path, headers.getHeaderString(HttpHeaders.ACCEPT))) {
            String query = uri.getRequestUri().getRawQuery();
            String next = query == null ? path : path + "?" + query;
            return Response.seeOther(URI.create(
                            DashboardLogin.PATH + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)))
                    .build();
        }
        return Response.fromResponse(ProblemMappers.problem(401, detail, null))
                .header("WWW-Authenticate", "Bearer realm=\"flotilla\"")
                .build();
    }

    private static String roleOf(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return "that the endpoint names";
        }
        RolesAllowed roles = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return roles == null ? "that the endpoint names" : String.join(" or ", roles.value());
    }
}
