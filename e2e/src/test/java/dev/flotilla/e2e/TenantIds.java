package dev.flotilla.e2e;

import dev.flotilla.testkit.Fleet;
import java.util.List;
import java.util.stream.IntStream;

/** The e2e fleets' tenant ids ({@link Fleet#tenantId}: {@code tenant_0001}, …) and their numbers. */
final class TenantIds {

    private TenantIds() {}

    /** The ids of tenants {@code from} to {@code to}, both included. */
    static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Fleet::tenantId).toList();
    }

    /** Each id's number, as {@link TestSystem#startRollout} takes them. */
    static List<Integer> numbers(List<String> tenants) {
        return tenants.stream()
                .map(t -> Integer.parseInt(t.substring(t.lastIndexOf('_') + 1)))
                .toList();
    }

    /** The ids as a JSON array, for a rollout's {@code tenants}. */
    static String json(List<String> tenants) {
        return tenants.stream().map(t -> "\"" + t + "\"").toList().toString();
    }
}
