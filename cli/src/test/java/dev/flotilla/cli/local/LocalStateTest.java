package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStateTest {

    @Test
    void shouldReadBackWhatItWroteWhenStoredAsJson() throws Exception {
        LocalState state = LocalState.empty("http://127.0.0.1:8080")
                .withPostgres(new HostPort("127.0.0.1", 5432), false)
                .withCreatedDatabase("flotilla_fleet")
                .withProcess(new ManagedProcess("kafka", 42, 1_700_000_000_000L, "/s/kafka.log"));

        LocalState read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(state), LocalState.class);

        assertThat(read).isEqualTo(state);
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

        ManagedProcess recorded = new ManagedProcess("coordinator", self.pid(), otherStart, "/s/c.log");

        assertThat(recorded.live()).isEmpty();
    }
}
