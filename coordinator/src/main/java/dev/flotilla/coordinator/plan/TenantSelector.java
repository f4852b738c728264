package dev.flotilla.coordinator.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tenants a plan or a wave takes: {@code *} (every tenant), or clauses joined by commas that
 * must all hold: {@code group=beta}, {@code tier!=free}, {@code region in (eu,us)}. The key {@code id}
 * is the tenant's id; any other key is a label. {@code key!=value} also holds when the tenant has no
 * such label, as in Kubernetes label selectors. Pure; parse with {@link SelectorParser}.
 */
public sealed interface TenantSelector {

    boolean matches(String tenantId, Map<String, String> labels);

    /** {@code *}. */
    record Every() implements TenantSelector {
        @Override
        public boolean matches(String tenantId, Map<String, String> labels) {
            return true;
        }
    }

    /** Clauses that must all hold. */
    record AllOf(List<Clause> clauses) implements TenantSelector {
        public AllOf {
            clauses = List.copyOf(clauses);
        }

        @Override
        public boolean matches(String tenantId, Map<String, String> labels) {
            return clauses.stream().allMatch(c -> c.holds(valueOf(c.key(), tenantId, labels)));
        }
    }

    /** One condition on a key; {@code value} is null when the tenant has no such label. */
    sealed interface Clause {
        String key();

        boolean holds(String value);
    }

    record Equals(String key, String expected) implements Clause {
        @Override
        public boolean holds(String value) {
            return expected.equals(value);
        }
    }

    record NotEquals(String key, String unwanted) implements Clause {
        @Override
        public boolean holds(String value) {
            return !unwanted.equals(value);
        }
    }

    record In(String key, Set<String> values) implements Clause {
        public In {
            values = Set.copyOf(values);
        }

        @Override
        public boolean holds(String value) {
            return value != null && values.contains(value);
        }
    }

    /** The key that names the tenant itself rather than a label. */
    String ID = "id";

    private static String valueOf(String key, String tenantId, Map<String, String> labels) {
        return ID.equals(key) ? tenantId : labels.get(key);
    }
}
