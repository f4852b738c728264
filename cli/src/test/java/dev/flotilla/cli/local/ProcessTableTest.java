package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTableTest {

    @Test
    void shouldPrintOneLinePerProcessWithNamePidAndStateWhenSomeAreDead() {
        List<ProcessTable.Row> rows = List.of(
                new ProcessTable.Row("kafka", 4711, ProcessTable.State.RUNNING),
                new ProcessTable.Row("coordinator", 815, ProcessTable.State.DEAD),
                new ProcessTable.Row("agent-site-1", 12345, ProcessTable.State.RUNNING));

        String table = ProcessTable.render(rows);

        assertThat(table).isEqualTo("""
                        NAME            PID  STATE
                        kafka          4711  running
                        coordinator     815  dead
                        agent-site-1  12345  running
                        """);
    }

    @Test
    void shouldPrintOnlyTheHeaderWhenNoProcessIsRecorded() {
        assertThat(ProcessTable.render(List.of())).isEqualTo("NAME  PID  STATE\n");
    }
}
