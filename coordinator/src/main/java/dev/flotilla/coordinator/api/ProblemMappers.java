package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.flotilla.coordinator.access.TokenRefused;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refusals into problem bodies: status, title, detail, and the field at fault. */
public class ProblemMappers {

    private static final Logger LOGGER = Logger.getLogger(ProblemMappers.class);

    static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem problem) {
        return problem(problem.status(), problem.getMessage(), problem.field());
    }

    /** A token request refused, whether before or while its work ran. */
    @ServerExceptionMapper
    public Response tokenRefused(TokenRefused refused) {
        int status =
                switch (refused.kind()) {
                    case INVALID -> 400;
                    case NOT_FOUND -> 404;
                    case CONFLICT -> 409;
                };
        return problem(status, refused.getMessage(), refused.field());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping
                        && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : null;
        return problem(400, "malformed JSON: " + e.getOriginalMessage(), field);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String errorId = UUID.randomUUID().toString();
        LOGGER.errorf(e, "request failed errorId=%s", errorId);
        return problem(500, "internal error " + errorId + "; the coordinator's log has the details", null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // Quarkus REST wraps a body that is not JSON at all in a 400 WebApplicationException.
        if (e.getResponse().getStatus() == 400 && e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        return problem(e.getResponse().getStatus(), e.getMessage(), null);
    }

    public static Response problem(int status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put(
                "title",
                Response.Status.fromStatusCode(status) == null
                        ? "Error"
                        : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
