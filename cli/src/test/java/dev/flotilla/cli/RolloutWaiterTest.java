package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class RolloutWaiterTest {

    private final StringWriter printed = new StringWriter();

    private static JsonNode rollout(String state, int succeeded) throws Exception {
        return Json.MAPPER.readTree("{\"state\": \"" + state + "\", \"runs\": {\"total\": 2, \"succeeded\": "
                + succeeded + ", \"pending\": " + (2 - succeeded) + "}}");
    }

    @Test
    void shouldPrintALineOnlyWhenProgressChangesAndReturnTheFinalRollout() throws Exception {
        Deque<JsonNode> answers = new ArrayDeque<>();
        answers.add(rollout("RUNNING", 0));
        answers.add(rollout("RUNNING", 0));
        answers.add(rollout("RUNNING", 1));
        answers.add(rollout("COMPLETED", 2));
        RolloutWaiter waiter = new RolloutWaiter(id -> answers.removeFirst(), new PrintWriter(printed), d -> {});

        JsonNode last = waiter.await("r1");

        assertThat(RolloutProgress.succeeded(last)).isTrue();
        assertThat(printed.toString().lines())
                .containsExactly(
                        "RUNNING   0/2 succeeded, 0 failed, 0 running, 2 waiting",
                        "RUNNING   1/2 succeeded, 0 failed, 0 running, 1 waiting",
                        "COMPLETED 2/2 succeeded, 0 failed, 0 running");
    }

    @Test
    void shouldFailAtOnceWhenTheCoordinatorAnswersWithAProblem() {
        ApiException notFound = ApiException.fromResponse("GET", "/api/rollouts/x", 404, "{\"title\": \"Not Found\"}");
        RolloutWaiter waiter = new RolloutWaiter(
                id -> {
                    throw notFound;
                },
                new PrintWriter(printed),
                d -> {});

        assertThatThrownBy(() -> waiter.await("x")).isSameAs(notFound);
    }
}
