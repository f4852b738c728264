package dev.flotilla.model.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code releases.yaml} from a migrations directory (absent: no releases). Every problem is
 * reported with the file and the line of the release it is about, all at once, as a
 * {@link CatalogException}:
 *
 * <pre>
 * releases:
 *   - name: "1.8.0"
 *     description: Invoices get a due date
 *     migrations: ["0007", "0008"]
 *     breaking: ["invoices.due_at is required"]
 *     notes: Backfill due dates before upgrading the API.
 * </pre>
 *
 * Releases follow each other: a release's migrations come after every migration of the releases
 * before it, so rolling out a release brings the earlier ones too.
 */
public final class ReleasesReader {

    public static final String FILE = "releases.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS = Set.of("name", "description", "migrations", "breaking", "notes");

    private final Catalog catalog;
    private final List<Problem> problems = new ArrayList<>();

    private ReleasesReader(Catalog catalog) {
        this.catalog = catalog;
    }

    /** @throws CatalogException listing every problem of the file */
    public static List<Release> read(Path directory, Catalog catalog) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        return new ReleasesReader(catalog).parse(Files.readString(file));
    }

    /** @throws CatalogException listing every problem of the text */
    public static List<Release> parse(String yaml, Catalog catalog) {
        return new ReleasesReader(catalog).parse(yaml);
    }

    private List<Release> parse(String yaml) {
        List<Release> releases = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            if (parser.nextToken() != JsonToken.START_OBJECT
                    || parser.nextToken() != JsonToken.FIELD_NAME
                    || !parser.currentName().equals("releases")
                    || parser.nextToken() != JsonToken.START_ARRAY) {
                throw fail(line(parser), "expected a mapping with one key, releases, holding a list");
            }
            Map<String, Integer> names = new HashMap<>();
            Map<Version, String> owners = new HashMap<>();
            int lastPosition = -1;
            String lastName = null;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                int line = line(parser);
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    problems.add(problem(line, "a release is a mapping with a name and migrations"));
                    parser.skipChildren();
                    continue;
                }
                JsonNode node = YAML.readTree(parser);
                Release release = release(node, line);
                if (release == null) {
                    continue;
                }
                Integer earlier = names.putIfAbsent(release.name(), line);
                if (earlier != null) {
                    problems.add(problem(line, "release " + release.name() + " is already defined at line " + earlier));
                }
                int first = Integer.MAX_VALUE;
                int last = -1;
                for (Version version : release.migrations()) {
                    String owner = owners.putIfAbsent(version, release.name());
                    if (owner != null && !owner.equals(release.name())) {
                        problems.add(problem(line, "migration " + version + " is already in release " + owner));
                    }
                    int position = position(version);
                    first = Math.min(first, position);
                    last = Math.max(last, position);
                }
                if (lastName != null && first <= lastPosition) {
                    problems.add(problem(
                            line,
                            "release " + release.name() + " has a migration that comes before the end of release "
                                    + lastName + "; releases follow each other in catalog order"));
                }
                lastPosition = Math.max(lastPosition, last);
                lastName = release.name();
                releases.add(release);
            }
            if (parser.nextToken() == JsonToken.FIELD_NAME) {
                problems.add(problem(
                        line(parser), "unknown key " + parser.currentName() + " (the file holds only releases)"));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw fail(line, "not valid YAML: " + e.getOriginalMessage().strip());
        } catch (IOException e) {
            throw fail(1, "cannot be read: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return releases;
    }

    private Release release(JsonNode node, int line) {
        int before = problems.size();
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                problems.add(problem(
                        line,
                        "unknown field " + field + " (known: "
                                + String.join(", ", FIELDS.stream().sorted().toList()) + ")"));
            }
        }
        String name = text(node, "name", line, true);
        List<Version> migrations = new ArrayList<>();
        JsonNode listed = node.get("migrations");
        if (listed == null || !listed.isArray() || listed.isEmpty()) {
            problems.add(problem(line, "release " + name + " needs migrations: a non-empty list of versions"));
        } else {
            Set<Version> seen = new HashSet<>();
            for (JsonNode item : listed) {
                if (!item.isTextual() || !item.asText().matches("[0-9]+")) {
                    problems.add(problem(
                            line,
                            "release " + name + ": '" + item.asText()
                                    + "' is not a version (quote versions: \"0003\")"));
                    continue;
                }
                Version version = Version.of(item.asText());
                if (catalog.find(version).isEmpty()) {
                    problems.add(problem(
                            line, "release " + name + " lists migration " + version + ", which is not in the catalog"));
                } else if (seen.add(version)) {
                    migrations.add(version);
                }
            }
        }
        List<String> breaking = new ArrayList<>();
        JsonNode changes = node.get("breaking");
        if (changes != null && !changes.isNull()) {
            if (!changes.isArray()) {
                problems.add(problem(line, "release " + name + ": breaking is a list of changes"));
            } else {
                for (JsonNode change : changes) {
                    if (!change.isTextual()) {
                        problems.add(problem(line, "release " + name + ": each breaking change is a line of text"));
                    }
                    breaking.add(change.asText());
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        migrations.sort((a, b) -> Integer.compare(position(a), position(b)));
        return new Release(
                name, text(node, "description", line, false), migrations, breaking, text(node, "notes", line, false));
    }

    private String text(JsonNode node, String field, int line, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(problem(line, "a release needs a " + field));
            }
            return required ? "?" : "";
        }
        if (!value.isTextual()) {
            problems.add(problem(line, field + " must be a string (quote it: \"1.8.0\")"));
            return "?";
        }
        return value.asText().strip();
    }

    private int position(Version version) {
        return catalog.migrations().indexOf(catalog.find(version).orElseThrow());
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static Problem problem(int line, String message) {
        return new Problem(FILE, line, message);
    }

    private static CatalogException fail(int line, String message) {
        return new CatalogException(List.of(problem(line, message)));
    }
}
