package dev.flotilla.cli.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flotilla.cli.CliException;
import dev.flotilla.cli.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and writes {@code state.json}. Writes go through a temporary file and a rename, so a CLI
 * killed mid-write leaves the previous state, not half a file.
 */
public final class StateStore {

    private final FlotillaHome home;

    public StateStore(FlotillaHome home) {
        this.home = home;
    }

    /** The recorded state; empty when no stack was started here (or it was purged). */
    public Optional<LocalState> read() {
        Path file = home.stateFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), LocalState.class));
        } catch (IOException e) {
            throw new CliException("cannot read " + file + " (" + e.getMessage() + "); delete it if no stack runs");
        }
    }

    /**
     * The recorded state, for commands that act on a stack.
     *
     * @throws CliException when there is none
     */
    public LocalState recorded() {
        return read().orElseThrow(() -> new CliException(
                "no local stack recorded in " + home.stateDir() + "; start one with `flotilla local up`"));
    }

    public void write(LocalState state) {
        Path file = home.stateFile();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(temporary, Json.MAPPER.writeValueAsString(state));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the local state cannot be written as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Deletes the whole state directory: state, logs, broker and embedded PostgreSQL data. */
    public void purge() {
        deleteRecursively(home.stateDir());
        try {
            Files.deleteIfExists(home.stateDir().getParent());
        } catch (IOException e) {
            // Not empty: other Flotilla state lives there; it stays.
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
