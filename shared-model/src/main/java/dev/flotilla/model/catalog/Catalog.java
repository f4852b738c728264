package dev.flotilla.model.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The ordered migrations of a migrations directory. Immutable; versions are unique and ascending.
 */
public record Catalog(List<Migration> migrations) {

    public Catalog {
        migrations = List.copyOf(migrations);
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i - 1).version().compareTo(migrations.get(i).version()) >= 0) {
                throw new IllegalArgumentException("catalog versions must be unique and ascending");
            }
        }
    }

    public Optional<Migration> find(Version version) {
        return migrations.stream().filter(m -> m.version().equals(version)).findFirst();
    }

    /** The newest version, empty for an empty catalog. */
    public Optional<Version> latest() {
        return migrations.isEmpty()
                ? Optional.empty()
                : Optional.of(migrations.getLast().version());
    }

    /** Migrations up to and including {@code target}, in ascending order. */
    public List<Migration> upTo(Version target) {
        return migrations.stream()
                .filter(m -> m.version().compareTo(target) <= 0)
                .toList();
    }
}
