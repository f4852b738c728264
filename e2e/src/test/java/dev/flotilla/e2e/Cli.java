package dev.flotilla.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The packaged command line ({@code cli/target/cli-*.jar}) run as its own process against one coordinator. */
final class Cli {

    /** What one command printed (standard output and error together) and its exit code. */
    record Result(int exitCode, String output) {}

    private final String api;
    private final String actor;

    Cli(String api) {
        this(api, null);
    }

    private Cli(String api, String actor) {
        this.api = api;
        this.actor = actor;
    }

    /** The same command line run by {@code actor} (with an admin token of that name), whom the coordinator records. */
    Cli as(String actor) {
        return new Cli(api, actor);
    }

    /** Runs {@code flotilla --api URL args…} and waits for it to exit. */
    Result run(String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("flotilla.root", ".."));
        Path jar = jar(root.resolve("cli/target"));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(jar.toString());
        command.add("--api");
        command.add(api);
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("FLOTILLA_TOKEN", actor == null ? Api.BOOTSTRAP : new Api(api).tokenOf(actor));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("flotilla " + String.join(" ", args) + " did not exit: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static Path jar(Path target) throws IOException {
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().matches("cli-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no cli jar in " + target + ": build the cli module first (./mvnw verify does)"));
        }
    }
}
