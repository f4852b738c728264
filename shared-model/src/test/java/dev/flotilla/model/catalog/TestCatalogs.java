package dev.flotilla.model.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small catalogs for tests: migrations 0001..n, each creating a table. */
final class TestCatalogs {

    private TestCatalogs() {}

    static Catalog ofSize(int size) {
        List<Migration> migrations = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            String version = "%04d".formatted(i);
            String sql = "create table t" + i + " (id int);";
            migrations.add(new Migration(
                    Version.of(version),
                    "m" + i,
                    new Script(version + "_m" + i + ".up.sql", sql, Checksum.of(sql), Directives.DEFAULT),
                    Optional.empty()));
        }
        return new Catalog(migrations);
    }
}
