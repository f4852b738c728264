package dev.flotilla.model.wire;

import java.util.regex.Pattern;

/** Kafka topic names of the wire contract. */
public final class Topics {

    public static final String PLANS = "flotilla.plans";
    public static final String EVENTS = "flotilla.events";
    public static final String AGENTS = "flotilla.agents";
    /**
     * Records a consumer set aside because it can never act on them (not decodable, lacking a required
     * field): the record as it was, with the reason and its origin (topic, partition, offset) in the
     * {@code dead-letter-reason}, {@code dead-letter-topic}, {@code dead-letter-partition} and
     * {@code dead-letter-offset} headers.
     */
    public static final String DEAD_LETTERS = "flotilla.dead-letters";
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
