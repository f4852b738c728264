package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Invalid command lines must fail with status 2 and a message before any I/O happens. */
class CommandLineValidationTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = FlotillaCli.commandLine();
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }

    @Test
    void shouldRejectRolloutStartWhenNoTenantSelectionIsGiven() {
        assertThat(run("rollout", "start", "--to", "0010")).isEqualTo(2);
        assertThat(err.toString()).contains("-f FILE").contains("--all").contains("--tenants");
    }

    @Test
    void shouldRejectRolloutStartWhenBothAllAndTenantsAreGiven() {
        assertThat(run("rollout", "start", "--to", "0010", "--all", "--tenants", "tenant_0001"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void shouldRejectAnInvalidMaxParallelWithoutCallingTheApi() {
        assertThat(run(
                        "--api",
                        "http://127.0.0.1:9",
                        "rollout",
                        "start",
                        "--to",
                        "0010",
                        "--all",
                        "--max-parallel",
                        "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--max-parallel must be between 1 and 1000");
    }

    @Test
    void shouldRejectRolloutStartWhenAPlanFileAndAVersionAreBothGiven() {
        assertThat(run("--api", "http://127.0.0.1:9", "rollout", "start", "-f", "plan.yaml", "--to", "0010"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("-f takes the target, tenants and limits from the plan file");
    }

    @Test
    void shouldRejectRolloutSkipWithoutAReasonWithoutCallingTheApi() {
        assertThat(run("--api", "http://127.0.0.1:9", "rollout", "skip", "6d1e", "tenant_0001"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--reason is required");
    }

    @Test
    void shouldRejectALabelThatIsNeitherAnAssignmentNorARemoval() {
        assertThat(run("--api", "http://127.0.0.1:9", "tenants", "label", "tenant_0001", "group"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'group' is neither key=value nor key-");
    }

    @Test
    void shouldRejectLocalUpWhenThereAreMoreSitesThanTenants() {
        assertThat(run("local", "up", "--tenants", "2", "--sites", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--sites must be between 1 and the number of tenants (2)");
    }

    @Test
    void shouldRejectDemoWhenPgIsNotHostAndPort() {
        assertThat(run("demo", "--pg", "localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("--pg: 'localhost' is not HOST:PORT");
    }

    @Test
    void shouldRejectLocalKillWhenNoNameIsGiven() {
        assertThat(run("local", "kill")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'NAME'");
    }

    @Test
    void shouldRejectLocalRestartWhenTheTimeoutIsBelowOneSecond() {
        assertThat(run("local", "restart", "coordinator", "--timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be at least 1 second, was 0");
    }

    @Test
    void shouldRejectDeadLettersOfAnUnknownSideOrLimitWithoutCallingTheApi() {
        assertThat(run("--api", "http://127.0.0.1:9", "dead-letters", "--by", "broker"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--by must be coordinator or agent, got 'broker'");
        assertThat(run("--api", "http://127.0.0.1:9", "dead-letters", "--limit", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--limit must be between 1 and 1000, got 0");
    }

    @Test
    void shouldExitThreeWhenTheCoordinatorDoesNotAnswer() {
        assertThat(run("--api", "http://127.0.0.1:9", "rollout", "list")).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).contains("cannot reach the coordinator at http://127.0.0.1:9");
    }

    @Test
    void shouldRejectATimeoutWithoutWaitAndAMalformedTimeoutWithoutCallingTheApi() {
        assertThat(run("--api", "http://127.0.0.1:9", "rollout", "start", "--to", "0010", "--all", "--timeout", "5m"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--timeout goes with --wait");
        assertThat(run("--api", "http://127.0.0.1:9", "rollout", "watch", "6d1e", "--timeout", "soon"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void shouldRejectAnUnknownStateOrLimitOfRolloutListWithoutCallingTheApi() {
        assertThat(run("--api", "http://127.0.0.1:9", "rollout", "list", "--state", "finished"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--state must be one of running, paused, halted, completed, cancelled");
        assertThat(run("--api", "http://127.0.0.1:9", "rollout", "list", "--limit", "0"))
                .isEqualTo(ExitCodes.USAGE);
    }
}
