package dev.flotilla.model.wire;

import java.util.regex.Pattern;

/** Kafka topic names of the wire contract. */
public final class Topics {

    public static final String PLANS = "flotilla.plans";
    public static final String EVENTS = "flotilla.events";
    public static final String AGENTS = "flotilla.agents";
    /** The command topics: this prefix and the site id. */
    public static final String COMMANDS_PREFIX = "flotilla.commands.";

    /** Tenant and site ids: lower case, safe as Kafka keys, topic suffixes and SQL identifiers. */
    public static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");

    private Topics() {}

    public static String commands(String site) {
        if (!ID.matcher(site).matches()) {
            throw new IllegalArgumentException("site id '" + site + "' does not match " + ID.pattern());
        }
        return COMMANDS_PREFIX + site;
    }
}
