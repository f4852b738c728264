package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.cli.CliException;
import dev.flotilla.cli.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStateTest {

    private static final Launch KAFKA_LAUNCH = new Launch(
            List.of(
                    "/usr/bin/setsid",
                    "/jdk/bin/java",
                    "-Djava.io.tmpdir=/s/tmp",
                    "kafka.Kafka",
                    "/s/server.properties"),
            Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"),
            "/s",
            new Readiness.Listening("127.0.0.1", 40123));
    private static final Launch COORDINATOR_LAUNCH = new Launch(
            List.of("/jdk/bin/java", "-jar", "/f/quarkus-run.jar"), Map.of(), "/s", Readiness.quarkusReady(8080));

    @Test
    void shouldReadBackWhatItWroteWhenStoredAsJson() throws Exception {
        LocalState state = LocalState.empty("http://127.0.0.1:8080")
                .withPostgres(new HostPort("127.0.0.1", 5432), false)
                .withCreatedDatabase("flotilla_fleet")
                .withProcess(new ManagedProcess("kafka", 42, 1_700_000_000_000L, "/s/kafka.log", KAFKA_LAUNCH))
                .withProcess(new ManagedProcess("coordinator", 43, 1_700_000_000_500L, "/s/c.log", COORDINATOR_LAUNCH));

        LocalState read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(state), LocalState.class);

        assertThat(read).isEqualTo(state);
        assertThat(read.process("kafka").launch().readiness()).isEqualTo(new Readiness.Listening("127.0.0.1", 40123));
        assertThat(read.process("coordinator").launch().readiness())
                .isEqualTo(new Readiness.HttpOk("http://127.0.0.1:8080/q/health/ready"));
    }

    @Test
    void shouldReadAProcessWithoutALaunchWhenTheStateIsFromAnOlderCli() throws Exception {
        String older = """
                {"api": "http://x", "processes": [
                  {"name": "kafka", "pid": 42, "startedAtMillis": 1700000000000, "log": "/s/kafka.log"}]}
                """;

        LocalState read = Json.MAPPER.readValue(older, LocalState.class);

        assertThat(read.process("kafka").pid()).isEqualTo(42);
        assertThat(read.process("kafka").launch()).isNull();
    }

    @Test
    void shouldIgnoreFieldsItDoesNotKnowWhenReading() throws Exception {
        LocalState read = Json.MAPPER.readValue("{\"api\": \"http://x\", \"future\": 1}", LocalState.class);

        assertThat(read.api()).isEqualTo("http://x");
        assertThat(read.processes()).isEmpty();
        assertThat(read.createdDatabases()).isEmpty();
    }

    @Test
    void shouldRecordADatabaseOnceWhenCreatedTwice() {
        LocalState state = LocalState.empty("http://x").withCreatedDatabase("a").withCreatedDatabase("a");

        assertThat(state.createdDatabases()).isEqualTo(List.of("a"));
    }

    @Test
    void shouldNotTakeAnUnrelatedProcessForOneOfItsOwnWhenThePidWasReused() {
        ProcessHandle self = ProcessHandle.current();
        long otherStart = self.info().startInstant().orElseThrow().toEpochMilli() - 3_600_000;

        ManagedProcess recorded = new ManagedProcess("coordinator", self.pid(), otherStart, "/s/c.log", null);

        assertThat(recorded.live()).isEmpty();
    }

    @Test
    void shouldFindAProcessByItsNameWhenTheStackHasIt() {
        LocalState state = stack();

        assertThat(state.process("agent-site-1").pid()).isEqualTo(3);
    }

    @Test
    void shouldListTheKnownNamesWhenAskedForAProcessTheStackDoesNotHave() {
        LocalState state = stack();

        assertThatThrownBy(() -> state.process("agent-site-9"))
                .isInstanceOf(CliException.class)
                .hasMessage("the local stack has no process 'agent-site-9'; its processes are:"
                        + " kafka, coordinator, agent-site-1");
    }

    @Test
    void shouldReplaceTheRestartedProcessInItsPlaceWhenItStartedAgain() {
        LocalState state = stack();
        ManagedProcess restarted =
                new ManagedProcess("coordinator", 99, 1_700_000_009_000L, "/s/c.log", COORDINATOR_LAUNCH);

        LocalState after = state.withRestarted(restarted);

        assertThat(after.processNames()).containsExactly("kafka", "coordinator", "agent-site-1");
        assertThat(after.processes().stream().map(ManagedProcess::pid)).containsExactly(1L, 99L, 3L);
        assertThat(after.process("coordinator").launch()).isEqualTo(COORDINATOR_LAUNCH);
    }

    private static LocalState stack() {
        return LocalState.empty("http://x")
                .withProcess(new ManagedProcess("kafka", 1, 0, "/s/kafka.log", KAFKA_LAUNCH))
                .withProcess(new ManagedProcess("coordinator", 2, 0, "/s/c.log", COORDINATOR_LAUNCH))
                .withProcess(new ManagedProcess("agent-site-1", 3, 0, "/s/a.log", COORDINATOR_LAUNCH));
    }
}
