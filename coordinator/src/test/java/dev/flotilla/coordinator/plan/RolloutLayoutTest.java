package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.catalog.Directives;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Script;
import dev.flotilla.model.catalog.Version;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutLayoutTest {

    private static final List<Migration> TARGET = List.of(migration("0001"), migration("0002"), migration("0003"));
    private static final List<WaveSpec> WAVES = List.of(
            new WaveSpec("canary", "group=internal", OptionalInt.empty(), Duration.ZERO, false),
            new WaveSpec("beta", "group=beta", OptionalInt.empty(), Duration.ZERO, false));

    private static Migration migration(String version) {
        String sql = "create table t" + version + " (id int);";
        return new Migration(
                Version.of(version),
                "t" + version,
                new Script(version + "_t" + version + ".up.sql", sql, Checksum.of(sql), Directives.DEFAULT),
                Optional.empty());
    }

    private static RolloutLayout.Tenant tenant(String id, String site, String group) {
        return new RolloutLayout.Tenant(id, site, group == null ? Map.of() : Map.of("group", group));
    }

    @Test
    void shouldGiveEachTenantItsOwnPathFromTheVersionItIsAtWhenTenantsAreAtDifferentVersions() {
        // given
        List<RolloutLayout.Tenant> tenants = List.of(
                tenant("fresh", "site-1", "internal"),
                tenant("halfway", "site-2", "internal"),
                tenant("gapped", "site-1", "beta"),
                tenant("done", "site-2", "beta"));
        Map<String, Set<Version>> applied = Map.of(
                "halfway", Set.of(Version.of("0001")),
                "gapped", Set.of(Version.of("0002")),
                "done", Set.of(Version.of("0001"), Version.of("0002"), Version.of("0003")));

        // when
        RolloutLayout.Layout layout = RolloutLayout.lay(WAVES, TARGET, tenants, applied, Map.of());

        // then
        assertThat(layout.placements())
                .extracting(
                        RolloutLayout.Placement::tenant,
                        RolloutLayout.Placement::site,
                        RolloutLayout.Placement::wave,
                        p -> p.steps().stream().map(Version::text).toList())
                .containsExactly(
                        tuple("done", "site-2", 1, List.of()),
                        tuple("fresh", "site-1", 0, List.of("0001", "0002", "0003")),
                        tuple("gapped", "site-1", 1, List.of("0001", "0003")),
                        tuple("halfway", "site-2", 0, List.of("0002", "0003")));
        assertThat(layout.unselected()).isEmpty();
    }

    @Test
    void shouldCarryWhyATenantIsBlockedAndListTenantsNoWaveSelectsWhenLayingOut() {
        // given
        List<RolloutLayout.Tenant> tenants = List.of(
                tenant("dirty", "site-1", "internal"), tenant("stray", "site-1", null), tenant("ok", "site-1", "beta"));

        // when
        RolloutLayout.Layout layout =
                RolloutLayout.lay(WAVES, TARGET, tenants, Map.of(), Map.of("dirty", "0002 is DIRTY: repair it first"));

        // then
        assertThat(layout.placements())
                .extracting(RolloutLayout.Placement::tenant, RolloutLayout.Placement::blockedBy)
                .containsExactly(tuple("dirty", "0002 is DIRTY: repair it first"), tuple("ok", null));
        assertThat(layout.unselected()).containsExactly("stray");
    }

    @Test
    void shouldFillALimitedWaveWithTenantsThatHaveWorkWhenOthersAreAtTheTargetOrBlocked() {
        // given a canary of one, and internal tenants that are already at the target or blocked
        List<WaveSpec> waves = List.of(
                new WaveSpec("canary", "group=internal", OptionalInt.of(1), Duration.ZERO, false),
                new WaveSpec("rest", "*", OptionalInt.empty(), Duration.ZERO, false));
        List<RolloutLayout.Tenant> tenants = List.of(
                tenant("a_done", "site-1", "internal"),
                tenant("b_dirty", "site-1", "internal"),
                tenant("c_fresh", "site-1", "internal"),
                tenant("d_fresh", "site-1", "internal"));
        Map<String, Set<Version>> applied =
                Map.of("a_done", Set.of(Version.of("0001"), Version.of("0002"), Version.of("0003")));

        // when
        RolloutLayout.Layout layout =
                RolloutLayout.lay(waves, TARGET, tenants, applied, Map.of("b_dirty", "0001 is DIRTY: repair it first"));

        // then the canary's one tenant with work is c_fresh; d_fresh overflows to the rest
        assertThat(layout.placements())
                .extracting(RolloutLayout.Placement::tenant, RolloutLayout.Placement::wave)
                .containsExactly(tuple("a_done", 0), tuple("b_dirty", 0), tuple("c_fresh", 0), tuple("d_fresh", 1));
    }
}
