package dev.flotilla.cli.local;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The Flotilla checkout the CLI runs from, and the paths in it the local stack uses. The
 * {@code ./flotilla} launcher sets {@code FLOTILLA_HOME}; a jar started by hand finds the checkout
 * from its own location ({@code <home>/cli/target/cli-*.jar}).
 *
 * @param root the checkout's root directory, never null
 */
public record FlotillaHome(Path root) {

    public static FlotillaHome locate() {
        String configured = System.getenv("FLOTILLA_HOME");
        if (configured != null && !configured.isBlank()) {
            return new FlotillaHome(Path.of(configured).toAbsolutePath().normalize());
        }
        return new FlotillaHome(fromJarLocation());
    }

    private static Path fromJarLocation() {
        CodeSource source = FlotillaHome.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                Path target = Path.of(source.getLocation().toURI()).getParent();
                if (target != null && Files.isDirectory(target.resolveSibling("src"))) {
                    return target.getParent().getParent().toAbsolutePath().normalize();
                }
            } catch (URISyntaxException e) {
                return Path.of("").toAbsolutePath();
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** Where the local stack keeps its state, logs and data; git-ignored. */
    public Path stateDir() {
        return root.resolve(".flotilla").resolve("local");
    }

    public Path stateFile() {
        return stateDir().resolve("state.json");
    }

    /** The broker and embedded PostgreSQL jars, which are not on the CLI's own classpath. */
    public Path localLib() {
        return root.resolve("cli").resolve("target").resolve("local-lib");
    }

    public Path coordinatorJar() {
        return root.resolve("coordinator/target/quarkus-app/quarkus-run.jar");
    }

    public Path agentJar() {
        return root.resolve("worker-agent/target/quarkus-app/quarkus-run.jar");
    }
}
