package dev.flotilla.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** {@code --select EXPR} of the commands that show tenants: the tenants a selector picks. */
public final class TenantSelection {

    @Option(
            names = "--select",
            paramLabel = "EXPR",
            description = "Only tenants this selector matches, e.g. group=beta or 'region in (eu,us)'.")
    String select;

    /** {@code select=EXPR}, encoded for a query, after {@code separator}; empty without a selector. */
    String query(char separator) {
        return select == null ? "" : separator + "select=" + URLEncoder.encode(select, StandardCharsets.UTF_8);
    }
}
