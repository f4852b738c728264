package dev.flotilla.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A plan file (YAML, see docs/plan-files.md), read into the JSON the coordinator takes. A file that is
 * not YAML fails here, naming the file, line and column; what the plan says is checked by the
 * coordinator, which names the field at fault.
 */
public final class PlanFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PlanFile() {}

    public static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("plan file " + file + " does not exist");
        } catch (IOException e) {
            throw new CliException("plan file " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode plan;
        try {
            plan = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new CliException("plan file " + file + where + ": not valid YAML: "
                    + e.getOriginalMessage().strip());
        }
        if (plan == null || !plan.isObject()) {
            throw new CliException(
                    "plan file " + file + ": a plan is a mapping with target and waves (see docs/plan-files.md)");
        }
        return plan;
    }
}
