package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local ps}, {@code local kill} and {@code local restart} of the packaged CLI, run as its own
 * process against a stack home of the test's own, whose processes are real: started the way
 * {@code local up} starts them ({@link Processes#launch}, {@link StackSession#start}), then killed
 * by pid and started again from what {@code state.json} recorded.
 */
class LocalProcessControlIT {

    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(240);

    @TempDir
    Path root;

    private FlotillaHome home;
    private StateStore store;

    /** What one CLI run printed (standard output and error together) and its exit code. */
    record Result(int exitCode, String output) {}

    @BeforeEach
    void createHome() throws IOException {
        home = new FlotillaHome(root);
        store = new StateStore(home);
        Files.createDirectories(home.stateDir());
    }

    @AfterEach
    void stopWhatStillRuns() {
        store.read().ifPresent(state -> StackStopper.stopProcesses(state, home, new PrintWriter(Writer.nullWriter())));
    }

    @Test
    void shouldShowAProcessDeadWhenKilledAndRunningWithANewPidWhenRestarted() throws Exception {
        // given a real process of the stack, started the way local up starts one
        int port = Ports.free();
        StackSession session = new StackSession(store, LocalState.empty("http://127.0.0.1:9"));
        ManagedProcess first =
                session.start("agent-site-1", childLaunch(port), home.stateDir().resolve("agent-site-1.log"));
        Waits.untilReady(Duration.ofSeconds(60), first, "the listening child");
        assertThat(psRow("agent-site-1")).containsExactly("agent-site-1", Long.toString(first.pid()), "running");

        // when it is killed by name
        Result kill = cli(Map.of(), "local", "kill", "agent-site-1");

        // then its pid is gone from the OS and ps says dead
        assertThat(kill.exitCode()).as(kill.output()).isZero();
        assertThat(kill.output()).contains("killed agent-site-1 (pid " + first.pid() + ") with SIGKILL");
        await().atMost(Duration.ofSeconds(30)).until(() -> gone(first.pid()));
        assertThat(Ports.answers("127.0.0.1", port)).isFalse();
        assertThat(psRow("agent-site-1")).containsExactly("agent-site-1", Long.toString(first.pid()), "dead");

        // and killing it again says that it is not running
        Result again = cli(Map.of(), "local", "kill", "agent-site-1");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output())
                .contains("agent-site-1 (pid " + first.pid() + ") is not running; nothing was killed");

        // when it is restarted, from a shell with a variable the stack does not pass on
        Result restart = cli(
                Map.of(ListeningChild.STRAY, "from-the-shell"), "local", "restart", "agent-site-1", "--timeout", "60");

        // then it runs again under a new pid, recorded, ready, and started as the first time
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        ManagedProcess second = store.recorded().process("agent-site-1");
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.live()).isPresent();
        assertThat(restart.output()).contains("agent-site-1 is ready (pid " + second.pid() + ")");
        assertThat(Ports.answers("127.0.0.1", port)).isTrue();
        assertThat(psRow("agent-site-1")).containsExactly("agent-site-1", Long.toString(second.pid()), "running");
        assertThat(second.launch()).isEqualTo(first.launch());
        String cwd = " cwd=" + home.stateDir().toAbsolutePath();
        assertThat(Files.readAllLines(Path.of(second.log())).stream().filter(l -> l.startsWith("listening-child")))
                .containsExactly(
                        "listening-child pid=" + first.pid() + cwd + " mark=m1 stray=null",
                        "listening-child pid=" + second.pid() + cwd + " mark=m1 stray=null");
    }

    @Test
    void shouldFailNamingTheKnownProcessesWhenTheNameIsUnknown() throws Exception {
        // given a recorded stack whose processes no longer run (the pid now belongs to another process)
        long otherStart =
                ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli() - 3_600_000;
        long pid = ProcessHandle.current().pid();
        LocalState state = LocalState.empty("http://127.0.0.1:9");
        for (String name : List.of("kafka", "coordinator", "agent-site-1")) {
            state = state.withProcess(new ManagedProcess(name, pid, otherStart, "/nowhere/" + name + ".log", null));
        }
        store.write(state);

        // when
        Result kill = cli(Map.of(), "local", "kill", "zookeeper");
        Result restart = cli(Map.of(), "local", "restart", "zookeeper");
        Result killDead = cli(Map.of(), "local", "kill", "kafka");

        // then
        String known =
                "the local stack has no process 'zookeeper'; its processes are: kafka, coordinator, agent-site-1";
        assertThat(kill.exitCode()).isEqualTo(1);
        assertThat(kill.output()).contains(known);
        assertThat(restart.exitCode()).isEqualTo(1);
        assertThat(restart.output()).contains(known);
        assertThat(killDead.exitCode()).as(killDead.output()).isZero();
        assertThat(killDead.output()).contains("kafka (pid " + pid + ") is not running; nothing was killed");
        assertThat(psRow("coordinator")).containsExactly("coordinator", Long.toString(pid), "dead");
    }

    @Test
    void shouldKeepTheBrokersTopicsAndCommittedOffsetsWhenKafkaIsKilledAndRestarted() throws Exception {
        // given the stack's own broker with a record and a committed group offset
        linkLocalLib();
        StackSession session = new StackSession(store, LocalState.empty("http://127.0.0.1:9"));
        LocalKafka.Started kafka = new LocalKafka(home).start(session);
        String bootstrap = kafka.bootstrapServers();
        TopicPartition partition = new TopicPartition("it-restart", 0);
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(partition.topic(), "k", "before the crash"))
                    .get(60, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "it-group")) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(1)), Duration.ofSeconds(60));
        }

        // when
        Result kill = cli(Map.of(), "local", "kill", "kafka");
        assertThat(kill.exitCode()).as(kill.output()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> gone(kafka.process().pid()));
        assertThat(psRow("kafka"))
                .containsExactly("kafka", Long.toString(kafka.process().pid()), "dead");
        Result restart = cli(Map.of(), "local", "restart", "kafka", "--timeout", "120");

        // then the same bootstrap serves the record and the group's offset
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        ManagedProcess restarted = store.recorded().process("kafka");
        assertThat(restarted.pid()).isNotEqualTo(kafka.process().pid());
        assertThat(psRow("kafka")).containsExactly("kafka", Long.toString(restarted.pid()), "running");
        try (Admin admin = admin(bootstrap)) {
            assertThat(admin.listConsumerGroupOffsets("it-group")
                            .partitionsToOffsetAndMetadata()
                            .get(60, TimeUnit.SECONDS))
                    .containsEntry(partition, new OffsetAndMetadata(1));
        }
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "it-reader")) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                return !values.isEmpty();
            });
            assertThat(values).containsExactly("before the crash");
        }
    }

    @Test
    void shouldServeTheSameDataOnTheSamePortWhenTheEmbeddedPostgresIsKilledAndRestarted() throws Exception {
        // given the stack's embedded PostgreSQL with a row in it
        linkLocalLib();
        StackSession session = new StackSession(store, LocalState.empty("http://127.0.0.1:9"));
        LocalStackOptions options = new LocalStackOptions();
        options.embeddedPg = true;
        HostPort server = new LocalPostgres(home).choose(options, session, new PrintWriter(Writer.nullWriter()));
        try (Connection c = connect(server);
                Statement s = c.createStatement()) {
            s.execute("create table survivor (note text)");
            s.execute("insert into survivor values ('before the crash')");
        }
        long postmaster = new LocalPostgres(home).postmaster().orElseThrow().pid();

        // when both its launcher and its postmaster are killed, then it is restarted at once
        Result kill = cli(Map.of(), "local", "kill", "postgres");
        Result restart = cli(Map.of(), "local", "restart", "postgres", "--timeout", "120");

        // then
        assertThat(kill.exitCode()).as(kill.output()).isZero();
        assertThat(kill.output()).contains("killed its postmaster (pid " + postmaster + ") with SIGKILL");
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertThat(new LocalPostgres(home).postmaster().orElseThrow().pid()).isNotEqualTo(postmaster);
        try (Connection c = connect(server);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select note from survivor")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("before the crash");
        }
    }

    private void linkLocalLib() throws IOException {
        Files.createDirectories(home.localLib().getParent());
        Files.createSymbolicLink(home.localLib(), Path.of(System.getProperty("flotilla.cli.local-lib")));
    }

    private static Connection connect(HostPort server) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres", "postgres", "");
    }

    /** The {@link ListeningChild} on {@code port}, launched as the stack launches its services, marked by one variable. */
    private Launch childLaunch(int port) throws Exception {
        Path classes = Path.of(ListeningChild.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Launch launch = Processes.launch(
                List.of(
                        Processes.java(),
                        "-Xmx32m",
                        "-cp",
                        classes.toString(),
                        ListeningChild.class.getName(),
                        Integer.toString(port)),
                home.stateDir(),
                new Readiness.Listening("127.0.0.1", port));
        Map<String, String> env = new HashMap<>(launch.env());
        env.put(ListeningChild.MARK, "m1");
        return new Launch(launch.command(), env, launch.workDir(), launch.readiness());
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).isEmpty() && !Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** The cells of {@code local ps}'s line for {@code name}. */
    private List<String> psRow(String name) throws Exception {
        Result ps = cli(Map.of(), "local", "ps");
        assertThat(ps.exitCode()).as(ps.output()).isZero();
        assertThat(ps.output().lines().findFirst())
                .hasValueSatisfying(h -> assertThat(h.split("\\s+")).containsExactly("NAME", "PID", "STATE"));
        return ps.output()
                .lines()
                .map(String::strip)
                .filter(l -> l.startsWith(name + " "))
                .findFirst()
                .map(l -> List.of(l.split("\\s+")))
                .orElseThrow(() -> new AssertionError("no line for " + name + " in:\n" + ps.output()));
    }

    /** Runs the packaged {@code flotilla} with this test's stack home and {@code env} added. */
    private Result cli(Map<String, String> env, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(Processes.java(), "-jar", System.getProperty("flotilla.cli.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("FLOTILLA_HOME", root.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(CLI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("flotilla " + String.join(" ", args) + " did not exit:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
