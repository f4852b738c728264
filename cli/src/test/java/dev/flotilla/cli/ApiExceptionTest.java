package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ApiExceptionTest {

    @Test
    void shouldShowDetailAndFieldWhenTheBodyIsAProblem() {
        ApiException e = ApiException.fromResponse("POST", "/api/rollouts", 400, """
                {"type": "about:blank", "title": "Bad Request", "status": 400,
                 "detail": "maxParallel must be between 1 and 1000", "field": "maxParallel"}
                """);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("maxParallel");
        assertThat(e.getMessage())
                .isEqualTo("POST /api/rollouts failed: 400 Bad Request\n"
                        + "  detail: maxParallel must be between 1 and 1000\n"
                        + "  field:  maxParallel");
    }

    @Test
    void shouldShowTheBodyAsTextWhenItIsNotJson() {
        ApiException e = ApiException.fromResponse("GET", "/api/tenants", 502, "Bad Gateway from proxy");

        assertThat(e.getMessage()).isEqualTo("GET /api/tenants failed: 502\n  detail: Bad Gateway from proxy");
    }

    @Test
    void shouldNameTheCoordinatorAndTheCauseWhenNothingAnswers() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ConnectException("Connection refused"));

        ApiException e = ApiException.unreachable(URI.create("http://127.0.0.1:9/"), refused);

        assertThat(e.unreachable()).isTrue();
        assertThat(e.getMessage())
                .startsWith("cannot reach the coordinator at http://127.0.0.1:9/ (Connection refused)");
    }
}
