package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
        RolloutWaiter waiter =
                new RolloutWaiter(id -> answers.removeFirst(), new PrintWriter(printed), d -> {}, () -> 0L);

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
                d -> {},
                () -> 0L);

        assertThatThrownBy(() -> waiter.await("x")).isSameAs(notFound);
    }

    /** A clock in nanoseconds that only the fake sleeps move. */
    private final AtomicLong now = new AtomicLong();

    private RolloutWaiter waiterOver(JsonNode answer) {
        return new RolloutWaiter(id -> answer, new PrintWriter(printed), d -> now.addAndGet(d.toNanos()), now::get);
    }

    private static JsonNode awaitingApproval() throws Exception {
        return Json.MAPPER.readTree("""
                {"state": "RUNNING", "runs": {"total": 4, "succeeded": 2, "pending": 2},
                 "waves": [{"name": "canary", "status": "done"}, {"name": "rest", "status": "awaiting-approval"}]}
                """);
    }

    @Test
    void shouldGiveUpOnceTheTimeoutHasPassedAndSayTheRolloutGoesOn() throws Exception {
        RolloutWaiter.Result result = waiterOver(rollout("RUNNING", 1)).follow("r1", Duration.ofSeconds(10), false);

        assertThat(result.stop()).isEqualTo(RolloutWaiter.Stop.TIMED_OUT);
        assertThat(Duration.ofNanos(now.get())).isEqualTo(Duration.ofSeconds(10));
        StringWriter out = new StringWriter();
        assertThat(RolloutFollower.report(result, "r1", Duration.ofSeconds(10), new PrintWriter(out)))
                .isEqualTo(ExitCodes.NOT_YET);
        assertThat(out.toString())
                .isEqualTo("gave up waiting after 10s: rollout r1 goes on (RUNNING); follow it with"
                        + " `flotilla rollout watch r1`\n");
    }

    @Test
    void shouldStopAtAnApprovalGateOnlyWhenAskedTo() throws Exception {
        RolloutWaiter.Result held = waiterOver(awaitingApproval()).follow("r1", null, true);

        assertThat(held.stop()).isEqualTo(RolloutWaiter.Stop.AWAITING_APPROVAL);
        StringWriter out = new StringWriter();
        assertThat(RolloutFollower.report(held, "r1", null, new PrintWriter(out)))
                .isEqualTo(ExitCodes.NOT_YET);
        assertThat(out.toString())
                .isEqualTo("rollout r1 holds for the approval of wave rest: `flotilla rollout approve r1` lets it"
                        + " go on\n");
        // a watcher waits through the gate (someone may approve), here until its timeout
        assertThat(waiterOver(awaitingApproval())
                        .follow("r1", Duration.ofMinutes(1), false)
                        .stop())
                .isEqualTo(RolloutWaiter.Stop.TIMED_OUT);
    }

    @Test
    void shouldExitZeroOnlyForACompletedRolloutAndListTheFailuresOtherwise() throws Exception {
        StringWriter out = new StringWriter();
        JsonNode halted = Json.MAPPER.readTree("""
                {"state": "HALTED", "runs": {"total": 2, "succeeded": 1, "failed": 1},
                 "failures": [{"tenant": "tenant_0002", "message": "step 0003 failed: relation exists"}]}
                """);

        assertThat(RolloutFollower.report(
                        new RolloutWaiter.Result(rollout("COMPLETED", 2), RolloutWaiter.Stop.ENDED),
                        "r1",
                        null,
                        new PrintWriter(out)))
                .isEqualTo(ExitCodes.OK);
        assertThat(RolloutFollower.report(
                        new RolloutWaiter.Result(halted, RolloutWaiter.Stop.ENDED), "r2", null, new PrintWriter(out)))
                .isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString()).startsWith("rollout r1 completed\nrollout r2 ended HALTED\nfailures:\n");
        assertThat(out.toString()).contains("tenant_0002", "relation exists");
    }

    @Test
    void shouldKeepToTheTimeoutWhileTheCoordinatorDoesNotAnswer() throws Exception {
        // given a coordinator that answers once, then no more (a restart), and a 10 s timeout
        JsonNode running = rollout("RUNNING", 1);
        Deque<JsonNode> answers = new ArrayDeque<>(List.of(running));
        ApiException down =
                ApiException.unreachable(java.net.URI.create("http://127.0.0.1:9"), new java.io.IOException("refused"));
        RolloutWaiter waiter = new RolloutWaiter(
                id -> {
                    if (answers.isEmpty()) {
                        throw down;
                    }
                    return answers.removeFirst();
                },
                new PrintWriter(printed),
                d -> now.addAndGet(d.toNanos()),
                now::get);

        // then the wait ends when the timeout passes, with the rollout as last read, not 30 s later
        RolloutWaiter.Result result = waiter.follow("r1", Duration.ofSeconds(10), false);

        assertThat(result.stop()).isEqualTo(RolloutWaiter.Stop.TIMED_OUT);
        assertThat(result.rollout()).isSameAs(running);
        assertThat(Duration.ofNanos(now.get())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldGiveUpOnACoordinatorSilentForLongerThanItsLimitWithoutATimeout() throws Exception {
        ApiException down =
                ApiException.unreachable(java.net.URI.create("http://127.0.0.1:9"), new java.io.IOException("refused"));
        RolloutWaiter waiter = new RolloutWaiter(
                id -> {
                    throw down;
                },
                new PrintWriter(printed),
                d -> now.addAndGet(d.toNanos()),
                now::get);

        assertThatThrownBy(() -> waiter.follow("r1", null, false)).isSameAs(down);
        assertThat(Duration.ofNanos(now.get())).isGreaterThan(RolloutWaiter.UNREACHABLE_LIMIT);
    }
}
