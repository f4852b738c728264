package dev.flotilla.model.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A versioned change: an up script and, unless it is irreversible, a down script.
 *
 * @param down empty when the migration has no down script
 */
public record Migration(Version version, String name, Script up, Optional<Script> down) {

    public Migration {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
    }

    /** The checksum recorded in a tenant's history table: the up script's. */
    public String checksum() {
        return up.checksum();
    }
}
