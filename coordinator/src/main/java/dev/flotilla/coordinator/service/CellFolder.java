package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellInput;
import dev.flotilla.coordinator.matrix.CellMachine;
import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.Transition;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.model.catalog.Version;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Feeds one input to one cell through the pure {@link CellMachine} and stores the result. */
@ApplicationScoped
public class CellFolder {

    private static final Logger LOGGER = Logger.getLogger(CellFolder.class);

    public void apply(
            SqlClient tx, String tenant, Version version, CellInput input, CellStore.CellUpdate update, Instant now) {
        decide(tenant, version, CellStore.lock(tx, tenant, version), input)
                .ifPresent(to -> CellStore.update(tx, tenant, version, to, update, now));
    }

    /**
     * The state a cell ({@code state} empty when it does not exist) moves to; empty when it does not move.
     * Unknown cells and illegal inputs are logged and ignored. Shared by the one-cell and set-wise folds.
     */
    static Optional<CellState> decide(String tenant, Version version, Optional<CellState> state, CellInput input) {
        if (state.isEmpty()) {
            LOGGER.warnf("event for an unknown cell ignored tenant=%s version=%s input=%s", tenant, version, input);
            return Optional.empty();
        }
        return switch (CellMachine.next(state.get(), input)) {
            case Transition.Moved moved -> Optional.of(moved.to());
            case Transition.Unchanged unchanged -> Optional.empty();
            case Transition.Illegal illegal -> {
                LOGGER.warnf(
                        "illegal cell transition ignored tenant=%s version=%s input=%s reason=%s",
                        tenant, version, input, illegal.reason());
                yield Optional.empty();
            }
        };
    }
}
