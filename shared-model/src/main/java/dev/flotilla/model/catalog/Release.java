package dev.flotilla.model.catalog;

import java.util.List;

/**
 * A named release of the schema, from {@code migrations/releases.yaml}: the migrations it brings, in
 * catalog order, with what an operator must know before rolling it out.
 *
 * @param breaking breaking changes, one per entry (may be empty)
 * @param notes upgrade notes, free text (may be empty)
 */
public record Release(String name, String description, List<Version> migrations, List<String> breaking, String notes) {

    public Release {
        migrations = List.copyOf(migrations);
        breaking = List.copyOf(breaking);
        if (migrations.isEmpty()) {
            throw new IllegalArgumentException("release " + name + " has no migrations");
        }
    }

    /** The release's last migration: rolling out the release takes a tenant up to it. */
    public Version upTo() {
        return migrations.getLast();
    }
}
