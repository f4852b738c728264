package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WaveAssignmentTest {

    private static WaveSpec wave(String select) {
        return new WaveSpec("w", select, OptionalInt.empty(), Duration.ZERO, false);
    }

    private static WaveSpec wave(String select, int limit) {
        return new WaveSpec("w", select, OptionalInt.of(limit), Duration.ZERO, false);
    }

    private static WaveAssignment.Tenant tenant(String id, String... labels) {
        Map<String, String> byKey = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            byKey.put(labels[i], labels[i + 1]);
        }
        return new WaveAssignment.Tenant(id, byKey);
    }

    @Test
    void shouldPutATenantInTheFirstWaveThatMatchesWhenSeveralMatch() {
        // given
        List<WaveSpec> waves = List.of(wave("group=beta"), wave("region=eu"), wave("*"));
        List<WaveAssignment.Tenant> tenants = List.of(
                tenant("acme", "group", "beta", "region", "eu"), tenant("globex", "region", "eu"), tenant("initech"));

        // when
        Map<String, Integer> waveOf = WaveAssignment.assign(waves, tenants);

        // then
        assertThat(waveOf).isEqualTo(Map.of("acme", 0, "globex", 1, "initech", 2));
    }

    @Test
    void shouldLeaveATenantOutWhenNoWaveMatchesIt() {
        // given
        List<WaveSpec> waves = List.of(wave("group=beta"), wave("tier!=free"));
        List<WaveAssignment.Tenant> tenants = List.of(
                tenant("acme", "group", "beta"), tenant("globex", "tier", "free"), tenant("initech", "tier", "pro"));

        // when
        Map<String, Integer> waveOf = WaveAssignment.assign(waves, tenants);

        // then
        assertThat(waveOf).isEqualTo(Map.of("acme", 0, "initech", 1));
    }

    @Test
    void shouldLetTenantsOverTheLimitFallToTheNextMatchingWaveWhenAWaveIsFull() {
        // given
        List<WaveSpec> waves = List.of(wave("*", 2), wave("region=us"), wave("*"));
        List<WaveAssignment.Tenant> tenants = List.of(
                tenant("t1", "region", "eu"),
                tenant("t2", "region", "eu"),
                tenant("t3", "region", "eu"),
                tenant("t4", "region", "us"));

        // when
        Map<String, Integer> waveOf = WaveAssignment.assign(waves, tenants);

        // then
        assertThat(waveOf).isEqualTo(Map.of("t1", 0, "t2", 0, "t3", 2, "t4", 1));
    }

    @Test
    void shouldLeaveATenantOutWhenEveryWaveMatchingItIsFull() {
        // given
        List<WaveSpec> waves = List.of(wave("region=eu", 1), wave("region=us"));
        List<WaveAssignment.Tenant> tenants =
                List.of(tenant("t1", "region", "eu"), tenant("t2", "region", "eu"), tenant("t3", "region", "us"));

        // when
        Map<String, Integer> waveOf = WaveAssignment.assign(waves, tenants);

        // then
        assertThat(waveOf).isEqualTo(Map.of("t1", 0, "t3", 1));
    }

    @Test
    void shouldFillWavesInTenantIdOrderWhateverTheInputOrder() {
        // given
        List<WaveSpec> waves = List.of(wave("*", 2), wave("*"));
        List<WaveAssignment.Tenant> sorted = List.of(tenant("a"), tenant("b"), tenant("c"), tenant("d"), tenant("e"));
        List<WaveAssignment.Tenant> reversed = new ArrayList<>(sorted);
        Collections.reverse(reversed);
        List<WaveAssignment.Tenant> shuffled = List.of(tenant("d"), tenant("b"), tenant("e"), tenant("a"), tenant("c"));

        // when
        Map<String, Integer> fromSorted = WaveAssignment.assign(waves, sorted);
        Map<String, Integer> fromReversed = WaveAssignment.assign(waves, reversed);
        Map<String, Integer> fromShuffled = WaveAssignment.assign(waves, shuffled);

        // then
        Map<String, Integer> expected = Map.of("a", 0, "b", 0, "c", 1, "d", 1, "e", 1);
        assertThat(fromSorted).isEqualTo(expected);
        assertThat(fromReversed).isEqualTo(expected);
        assertThat(fromShuffled).isEqualTo(expected);
    }

    @Test
    void shouldSelectTenantsByIdWhenTheSelectorIsAnIdList() {
        // given
        List<WaveSpec> waves = List.of(wave("id in (acme,initech)"), wave("*"));
        List<WaveAssignment.Tenant> tenants =
                List.of(tenant("acme"), tenant("globex", "id", "acme"), tenant("initech"));

        // when
        Map<String, Integer> waveOf = WaveAssignment.assign(waves, tenants);

        // then
        assertThat(waveOf).isEqualTo(Map.of("acme", 0, "globex", 1, "initech", 0));
    }

    @Test
    void shouldSelectTenantsByLabelsWhenTheSelectorHasSeveralClauses() {
        // given
        List<WaveSpec> waves = List.of(wave("tier=enterprise, region in (eu,uk)"), wave("tier!=enterprise"));
        List<WaveAssignment.Tenant> tenants = List.of(
                tenant("acme", "tier", "enterprise", "region", "eu"),
                tenant("globex", "tier", "enterprise", "region", "us"),
                tenant("initech", "region", "uk"),
                tenant("umbrella", "tier", "free", "region", "uk"));

        // when
        Map<String, Integer> waveOf = WaveAssignment.assign(waves, tenants);

        // then
        assertThat(waveOf).isEqualTo(Map.of("acme", 0, "initech", 1, "umbrella", 1));
    }

    @Test
    void shouldPutEveryTenantInOneWaveWhenTheOnlyWaveSelectsStar() {
        // given
        List<WaveSpec> waves = List.of(wave("*"));
        List<WaveAssignment.Tenant> tenants = List.of(tenant("acme", "tier", "free"), tenant("globex"));

        // when
        Map<String, Integer> waveOf = WaveAssignment.assign(waves, tenants);

        // then
        assertThat(waveOf).isEqualTo(Map.of("acme", 0, "globex", 0));
    }
}
