package dev.flotilla.coordinator.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts each tenant in the first wave whose selector matches it and which still has room (its
 * {@code limit}); tenants are taken in id order, so the same fleet always gives the same waves. Only
 * tenants with work to do take room: a canary of two is two tenants that will run steps, not two
 * that are already at the target or blocked until a repair. Pure.
 */
public final class WaveAssignment {

    private WaveAssignment() {}

    /**
     * A tenant and its labels.
     *
     * @param takesRoom whether it has steps to run and may run them, so that it counts toward a limit
     */
    public record Tenant(String id, Map<String, String> labels, boolean takesRoom) {

        public Tenant(String id, Map<String, String> labels) {
            this(id, labels, true);
        }
    }

    /** The wave (0-based) of each tenant that any wave takes. */
    public static Map<String, Integer> assign(List<WaveSpec> waves, List<Tenant> tenants) {
        List<TenantSelector> selectors = waves.stream().map(WaveSpec::selector).toList();
        int[] room = waves.stream()
                .mapToInt(w -> w.limit().orElse(Integer.MAX_VALUE))
                .toArray();
        List<Tenant> ordered = new ArrayList<>(tenants);
        ordered.sort((a, b) -> a.id().compareTo(b.id()));
        Map<String, Integer> waveOf = new LinkedHashMap<>();
        for (Tenant tenant : ordered) {
            waveFor(selectors, room, tenant).ifPresent(wave -> {
                if (tenant.takesRoom()) {
                    room[wave]--;
                }
                waveOf.put(tenant.id(), wave);
            });
        }
        return waveOf;
    }

    private static Optional<Integer> waveFor(List<TenantSelector> selectors, int[] room, Tenant tenant) {
        for (int wave = 0; wave < selectors.size(); wave++) {
            boolean fits = room[wave] > 0 || !tenant.takesRoom();
            if (fits && selectors.get(wave).matches(tenant.id(), tenant.labels())) {
                return Optional.of(wave);
            }
        }
        return Optional.empty();
    }
}
