package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --json} of the read commands: the API's answer as it is, for scripts, instead of a table. */
public final class JsonOutput {

    @Option(names = "--json", description = "Print the API's JSON as it is.")
    boolean json;

    /** Prints {@code answer}: as JSON with {@code --json}, else as {@code render} makes it. */
    void print(PrintWriter out, JsonNode answer, Function<JsonNode, String> render) {
        out.print(json ? answer.toPrettyString() + "\n" : render.apply(answer));
        out.flush();
    }
}
