package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellInput;
import dev.flotilla.coordinator.matrix.CellMachine;
import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.Transition;
import dev.flotilla.coordinator.store.CellStore;
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
            SqlClient tx, String tenant, String version, CellInput input, CellStore.CellUpdate update, Instant now) {
        Optional<CellState> state = CellStore.lock(tx, tenant, version);
        if (state.isEmpty()) {
            LOGGER.warnf("event for an unknown cell ignored tenant=%s version=%s input=%s", tenant, version, input);
            return;
        }
        switch (CellMachine.next(state.get(), input)) {
            case Transition.Moved moved -> CellStore.update(tx, tenant, version, moved.to(), update, now);
            case Transition.Unchanged unchanged -> {}
            case Transition.Illegal illegal ->
                LOGGER.warnf(
                        "illegal cell transition ignored tenant=%s version=%s input=%s reason=%s",
                        tenant, version, input, illegal.reason());
        }
    }
}
