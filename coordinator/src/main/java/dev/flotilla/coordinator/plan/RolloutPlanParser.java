package dev.flotilla.coordinator.plan;

import static dev.flotilla.coordinator.plan.PlanFields.bool;
import static dev.flotilla.coordinator.plan.PlanFields.optionalInt;
import static dev.flotilla.coordinator.plan.PlanFields.text;
import static dev.flotilla.coordinator.plan.PlanFields.unknownFields;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.Release;
import dev.flotilla.model.catalog.Selection;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a {@link RolloutPlan} from its JSON form (a plan file's YAML, converted; or the API body).
 * Every refusal is a {@link PlanFileException} naming the field, such as {@code waves[1].soak}. Pure.
 *
 * <p>Without {@code waves}, the plan has one wave of every selected tenant whose failures do not halt
 * it (each tenant is tried); with waves, the default failure budget is zero. The older
 * {@code maxParallel} field is the fleet-wide concurrency.
 */
public final class RolloutPlanParser {

    static final int DEFAULT_FLEET = 8;
    private static final Set<String> FIELDS = Set.of(
            "target",
            "tenants",
            "waves",
            "concurrency",
            "failureBudget",
            "maxParallel",
            "direction",
            "allowIrreversible",
            "onBreach",
            "confirm");

    private RolloutPlanParser() {}

    /** Reads a plan against the catalog and its releases ({@code migrations/releases.yaml}). */
    public static RolloutPlan parse(JsonNode body, Catalog catalog, List<Release> releases) {
        if (body == null || !body.isObject()) {
            throw new PlanFileException("plan", "a plan is an object with target, waves, concurrency, failureBudget");
        }
        unknownFields(body, FIELDS, "");
        JsonNode waves = body.get("waves");
        boolean phased = waves != null && !waves.isNull();
        Direction direction = PlanPolicies.direction(body.get("direction"));
        FailureBudget budget =
                PlanPolicies.budget(body.get("failureBudget"), phased ? FailureBudget.NONE : FailureBudget.UNLIMITED);
        OnBreach onBreach = PlanPolicies.onBreach(body.get("onBreach"), direction, budget);
        boolean allowIrreversible = PlanPolicies.allowIrreversible(body, direction, onBreach);
        return new RolloutPlan(
                direction == Direction.DOWN
                        ? floor(body.get("target"), catalog)
                        : target(body.get("target"), catalog, releases),
                tenants(body.get("tenants"), phased),
                phased ? waves(waves) : List.of(new WaveSpec("all", "*", OptionalInt.empty(), Duration.ZERO, false)),
                PlanPolicies.concurrency(body.get("concurrency"), body.get("maxParallel")),
                budget,
                direction,
                onBreach,
                allowIrreversible,
                body.has("confirm") ? text(body.get("confirm"), "confirm") : null);
    }

    /** A down plan's target: the version each tenant goes down to, or "0" for before the first migration. */
    private static Target floor(JsonNode target, Catalog catalog) {
        if (target == null || !target.isObject() || target.size() != 1 || !target.has("version")) {
            throw new PlanFileException(
                    "target", "a plan with direction: down targets {version: \"0003\"}: the version to go down to");
        }
        String version = text(target.get("version"), "target.version");
        if (version.matches("0+")) {
            return new Target.ToVersion(Version.of(version));
        }
        return target(target, catalog, List.of());
    }

    private static Target target(JsonNode target, Catalog catalog, List<Release> releases) {
        if (target != null && target.isObject() && target.isEmpty()) {
            throw new PlanFileException(
                    "target.version", "target.version (or target.release, or target.select) is required");
        }
        if (target == null || !target.isObject() || target.size() != 1) {
            throw new PlanFileException(
                    "target", "target is one of {version: \"0003\"}, {release: \"1.8.0\"} or {select: \"1,3-5\"}");
        }
        if (target.has("release")) {
            String name = text(target.get("release"), "target.release");
            return releases.stream()
                    .filter(r -> r.name().equals(name))
                    .findFirst()
                    .map(r -> (Target) new Target.ToRelease(r))
                    .orElseThrow(() -> new PlanFileException(
                            "target.release",
                            "release " + name + " is not in releases.yaml (known: "
                                    + (releases.isEmpty()
                                            ? "none"
                                            : String.join(
                                                    ", ",
                                                    releases.stream()
                                                            .map(Release::name)
                                                            .toList()))
                                    + ")"));
        }
        if (target.has("version")) {
            String version = text(target.get("version"), "target.version");
            if (!version.matches("[0-9]+")) {
                throw new PlanFileException("target.version", "target.version must be a version string of digits");
            }
            return new Target.ToVersion(catalog.find(Version.of(version))
                    .map(m -> m.version())
                    .orElseThrow(() -> new PlanFileException(
                            "target.version",
                            "version " + version + " is not in the catalog (latest is "
                                    + catalog.latest().map(Version::text).orElse("none") + ")")));
        }
        if (target.has("select")) {
            String text = text(target.get("select"), "target.select");
            try {
                Selection selection = Selection.parse(text);
                if (selection.resolve(catalog).isEmpty()) {
                    throw new PlanFileException(
                            "target.select", "'" + text + "' selects no migration: an empty plan is refused");
                }
                return new Target.Batch(text, selection);
            } catch (PlanFileException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new PlanFileException("target.select", e.getMessage());
            }
        }
        throw new PlanFileException("target", "target has an unknown field; use version, release or select");
    }

    private static Optional<List<String>> tenants(JsonNode tenants, boolean phased) {
        if ((tenants == null || tenants.isNull()) && !phased) {
            throw new PlanFileException(
                    "tenants", "tenants is required without waves: \"all\" or a list of tenant ids");
        }
        if (tenants == null
                || tenants.isNull()
                || (tenants.isTextual() && tenants.asText().equals("all"))) {
            return Optional.empty();
        }
        if (!tenants.isArray() || tenants.isEmpty()) {
            throw new PlanFileException("tenants", "tenants must be \"all\" or a non-empty list of tenant ids");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            JsonNode tenant = tenants.get(i);
            if (!tenant.isTextual() || !Topics.ID.matcher(tenant.asText()).matches()) {
                throw new PlanFileException(
                        "tenants[" + i + "]",
                        (tenant.isTextual() ? "'" + tenant.asText() + "'" : tenant.toString()) + " is not a tenant id ("
                                + Topics.ID.pattern() + ")");
            }
            if (!ids.contains(tenant.asText())) {
                ids.add(tenant.asText());
            }
        }
        return Optional.of(ids);
    }

    private static List<WaveSpec> waves(JsonNode waves) {
        if (!waves.isArray() || waves.isEmpty()) {
            throw new PlanFileException("waves", "waves must be a non-empty list");
        }
        List<WaveSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < waves.size(); i++) {
            String at = "waves[" + i + "]";
            JsonNode wave = waves.get(i);
            if (!wave.isObject()) {
                throw new PlanFileException(at, "a wave is an object with name and select");
            }
            unknownFields(wave, Set.of("name", "select", "limit", "soak", "approval"), at + ".");
            String name = text(wave.get("name"), at + ".name");
            if (!Topics.ID.matcher(name).matches()) {
                throw new PlanFileException(at + ".name", "'" + name + "' is not a name (" + Topics.ID.pattern() + ")");
            }
            if (!names.add(name)) {
                throw new PlanFileException(at + ".name", "another wave is already named " + name);
            }
            String select = text(wave.get("select"), at + ".select");
            try {
                SelectorParser.parse(select);
            } catch (SelectorException e) {
                throw new PlanFileException(at + ".select", "'" + select + "' " + e.getMessage());
            }
            specs.add(new WaveSpec(
                    name,
                    select,
                    optionalInt(wave.get("limit"), at + ".limit", 1, Integer.MAX_VALUE),
                    soak(wave.get("soak"), at + ".soak"),
                    bool(wave.get("approval"), at + ".approval")));
        }
        return specs;
    }

    private static Duration soak(JsonNode soak, String field) {
        if (soak == null || soak.isNull()) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(text(soak, field));
        } catch (IllegalArgumentException e) {
            throw new PlanFileException(field, e.getMessage());
        }
    }
}
