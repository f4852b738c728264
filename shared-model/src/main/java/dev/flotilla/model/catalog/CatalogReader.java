package dev.flotilla.model.catalog;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a migrations directory into a {@link Catalog}. Every problem in every file is collected
 * before failing, so one run tells the author everything that is wrong. Files that do not end in
 * {@code .sql} (a README, {@code releases.yaml}) are not migrations and are left alone.
 */
public final class CatalogReader {

    private final List<Problem> problems = new ArrayList<>();
    private final Map<Version, Script> ups = new TreeMap<>();
    private final Map<Version, String> names = new TreeMap<>();
    private final Map<Version, Script> downs = new TreeMap<>();
    private final Map<Version, String> downNames = new TreeMap<>();

    private CatalogReader() {}

    /**
     * @throws CatalogException listing every problem, when any file is malformed
     * @throws IOException when the directory cannot be read
     */
    public static Catalog read(Path directory) throws IOException {
        CatalogReader reader = new CatalogReader();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            reader.readFile(file.getFileName().toString(), file);
        }
        return reader.finish();
    }

    private void readFile(String fileName, Path file) throws IOException {
        Optional<MigrationFileName> parsed = MigrationFileName.parse(fileName);
        if (parsed.isEmpty()) {
            problems.add(new Problem(fileName, 1, "file name does not match " + MigrationFileName.EXPECTED));
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(new Problem(fileName, 1, "file is not valid UTF-8"));
            return;
        }
        add(fileName, parsed.get(), ScriptParser.parse(fileName, text, problems::add));
    }

    private void add(String fileName, MigrationFileName name, Script script) {
        Map<Version, Script> scripts = name.kind() == MigrationFileName.Kind.UP ? ups : downs;
        Map<Version, String> scriptNames = name.kind() == MigrationFileName.Kind.UP ? names : downNames;
        Script earlier = scripts.get(name.version());
        if (earlier != null) {
            problems.add(new Problem(
                    fileName, 1, "duplicate version " + name.version() + " (also in " + earlier.fileName() + ")"));
            return;
        }
        scripts.put(name.version(), script);
        scriptNames.put(name.version(), name.name());
    }

    private Catalog finish() {
        for (Map.Entry<Version, Script> down : downs.entrySet()) {
            checkDown(down.getKey(), down.getValue());
        }
        for (Map.Entry<Version, Script> up : ups.entrySet()) {
            if (up.getValue().directives().irreversible() && downs.containsKey(up.getKey())) {
                problems.add(new Problem(
                        downs.get(up.getKey()).fileName(),
                        1,
                        "migration " + up.getKey() + " is marked irreversible, so it must not have a down script"));
            }
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        List<Migration> migrations = new ArrayList<>();
        ups.forEach((version, up) -> migrations.add(
                new Migration(version, names.get(version), up, Optional.ofNullable(downs.get(version)))));
        return new Catalog(migrations);
    }

    private void checkDown(Version version, Script down) {
        Script up = ups.get(version);
        if (up == null) {
            problems.add(new Problem(
                    down.fileName(),
                    1,
                    "down script without an up script (expected " + version + "_" + downNames.get(version)
                            + ".up.sql)"));
        } else if (!names.get(version).equals(downNames.get(version))) {
            problems.add(
                    new Problem(down.fileName(), 1, "down script's name differs from its up script " + up.fileName()));
        }
    }
}
