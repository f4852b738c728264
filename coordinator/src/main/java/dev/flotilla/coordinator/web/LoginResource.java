package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.api.auth.ApiTokenMechanism;
import dev.flotilla.coordinator.api.auth.DashboardLogin;
import dev.flotilla.coordinator.service.TokenService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The dashboard's login: an API token pasted once becomes an HttpOnly, SameSite=Strict cookie for this
 * server, so pages and their live stream are authenticated like the API and the token is never
 * readable by scripts. Logging out clears it.
 */
@Path(DashboardLogin.PATH)
@PermitAll
public class LoginResource {

    private final Template login;
    private final TokenService tokens;

    public LoginResource(@Location("dashboard/login.html") Template login, TokenService tokens) {
        this.login = login;
        this.tokens = tokens;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String form(@QueryParam("next") String next) {
        return login.data("next", DashboardLogin.safeNext(next))
                .data("error", null)
                .render();
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> submit(
            @FormParam("token") String token, @FormParam("next") String next, UriInfo uri, HttpHeaders headers) {
        String target = DashboardLogin.safeNext(next);
        String secret = token == null ? "" : token.strip();
        return tokens.check(secret).map(verdict -> switch (verdict) {
            case TokenService.Verdict.Valid valid ->
                Response.seeOther(URI.create(target))
                        .cookie(cookie(secret, uri, headers, Duration.ofHours(12)))
                        .build();
            case TokenService.Verdict.Refused refused ->
                Response.status(401)
                        .type(MediaType.TEXT_HTML)
                        .entity(login.data("next", target)
                                .data("error", refused.reason())
                                .render())
                        .build();
        });
    }

    @POST
    @Path("/out")
    public Response logout(UriInfo uri, HttpHeaders headers) {
        return Response.seeOther(URI.create(DashboardLogin.PATH))
                .cookie(cookie("", uri, headers, Duration.ZERO))
                .build();
    }

    private static NewCookie cookie(String value, UriInfo uri, HttpHeaders headers, Duration life) {
        // behind a proxy that ends TLS the request reaches us as http, with X-Forwarded-Proto saying so
        boolean secure = "https".equals(uri.getRequestUri().getScheme())
                || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
        return new NewCookie.Builder(ApiTokenMechanism.COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) life.toSeconds())
                .expiry(life.isZero() ? Date.from(Instant.EPOCH) : null)
                .build();
    }
}
