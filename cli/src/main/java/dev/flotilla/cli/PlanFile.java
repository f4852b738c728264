package dev.flotilla.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A plan file (YAML, see docs/plan-files.md), read into the JSON the coordinator takes. A file that is
 * not YAML fails here, naming the file, line and column. What the plan says is checked by the
 * coordinator, which names the field at fault; {@link #submit} turns that field back into the line of
 * the file it is on.
 */
public final class PlanFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    private final JsonNode plan;
    /** The line of each field, by JSON pointer ({@code /waves/1/select}). */
    private final Map<String, Integer> lines;

    private PlanFile(Path file, JsonNode plan, Map<String, Integer> lines) {
        this.file = file;
        this.plan = plan;
        this.lines = lines;
    }

    public static PlanFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("plan file " + file + " does not exist");
        } catch (IOException e) {
            throw new CliException("plan file " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode plan;
        Map<String, Integer> lines;
        try {
            plan = YAML.readTree(text);
            lines = lines(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new CliException("plan file " + file + where + ": not valid YAML: "
                    + e.getOriginalMessage().strip());
        } catch (IOException e) {
            throw new CliException("plan file " + file + " cannot be read: " + e.getMessage());
        }
        if (plan == null || !plan.isObject()) {
            throw new CliException(
                    "plan file " + file + ": a plan is a mapping with target and waves (see docs/plan-files.md)");
        }
        return new PlanFile(file, plan, lines);
    }

    public Path file() {
        return file;
    }

    public JsonNode json() {
        return plan;
    }

    /** The line a field the coordinator named ({@code waves[1].select}) is on, if the file has it. */
    public OptionalInt lineOf(String field) {
        String pointer = "/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        for (String at = pointer; !at.isEmpty(); at = at.substring(0, at.lastIndexOf('/'))) {
            Integer line = lines.get(at);
            if (line != null) {
                return OptionalInt.of(line);
            }
        }
        return OptionalInt.empty();
    }

    /** POSTs the plan; a refusal naming a field is reported at its line of the file. */
    public JsonNode submit(ApiClient api, String path) {
        try {
            return api.post(path, plan);
        } catch (ApiException e) {
            if (e.status() != 400 || e.field() == null) {
                throw e;
            }
            OptionalInt line = lineOf(e.field());
            throw new CliException(
                    file + (line.isPresent() ? ":" + line.getAsInt() : "") + ": " + e.field() + ": " + e.detail());
        }
    }

    private static Map<String, Integer> lines(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                lines.putIfAbsent(
                        parser.getParsingContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
            }
        }
        return lines;
    }
}
