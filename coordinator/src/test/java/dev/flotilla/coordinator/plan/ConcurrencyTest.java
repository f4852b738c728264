package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyTest {

    private record Run(String id, int wave, String site) implements Concurrency.Placed {}

    private static Concurrency.InFlight inFlight(List<Run> runs) {
        Map<Integer, Integer> byWave = new HashMap<>();
        Map<String, Integer> bySite = new HashMap<>();
        for (Run run : runs) {
            byWave.merge(run.wave(), 1, Integer::sum);
            bySite.merge(run.site(), 1, Integer::sum);
        }
        return new Concurrency.InFlight(runs.size(), byWave, bySite);
    }

    @Test
    void shouldPickTheFirstPendingRunsUpToTheFleetLimitWhenNothingIsInFlight() {
        // given
        Concurrency limits = Concurrency.fleetOf(3);
        List<Run> pending = List.of(
                new Run("a", 0, "s1"),
                new Run("b", 0, "s2"),
                new Run("c", 0, "s3"),
                new Run("d", 0, "s4"),
                new Run("e", 0, "s5"));

        // when
        List<Run> picked = limits.pick(pending, Concurrency.InFlight.none());

        // then
        assertThat(picked).extracting(Run::id).containsExactly("a", "b", "c");
    }

    @Test
    void shouldPickOnlyTheFleetSlotsLeftWhenRunsAreInFlight() {
        // given
        Concurrency limits = Concurrency.fleetOf(3);
        List<Run> pending = List.of(new Run("a", 0, "s1"), new Run("b", 0, "s2"));
        Concurrency.InFlight inFlight = inFlight(List.of(new Run("x", 0, "s3"), new Run("y", 0, "s4")));

        // when
        List<Run> picked = limits.pick(pending, inFlight);

        // then
        assertThat(picked).extracting(Run::id).containsExactly("a");
    }

    @Test
    void shouldPickOtherSitesRunsInOrderWhenOneSiteIsFull() {
        // given
        Concurrency limits = new Concurrency(10, 2, 10);
        List<Run> pending = List.of(
                new Run("a1", 0, "s1"),
                new Run("a2", 0, "s1"),
                new Run("a3", 0, "s1"),
                new Run("b1", 0, "s2"),
                new Run("a4", 0, "s1"),
                new Run("b2", 0, "s2"));

        // when
        List<Run> picked = limits.pick(pending, Concurrency.InFlight.none());

        // then
        assertThat(picked).extracting(Run::id).containsExactly("a1", "a2", "b1", "b2");
    }

    @Test
    void shouldSkipASiteWhenItsRunsInFlightFillIt() {
        // given
        Concurrency limits = new Concurrency(10, 2, 10);
        List<Run> pending = List.of(new Run("a1", 0, "s1"), new Run("b1", 0, "s2"));
        Concurrency.InFlight inFlight = inFlight(List.of(new Run("x", 0, "s1"), new Run("y", 0, "s1")));

        // when
        List<Run> picked = limits.pick(pending, inFlight);

        // then
        assertThat(picked).extracting(Run::id).containsExactly("b1");
    }

    @Test
    void shouldPickOtherWavesRunsWhenOneWaveIsFull() {
        // given
        Concurrency limits = new Concurrency(10, 10, 2);
        List<Run> pending =
                List.of(new Run("a", 0, "s1"), new Run("b", 0, "s2"), new Run("c", 0, "s3"), new Run("d", 1, "s4"));
        Concurrency.InFlight inFlight = inFlight(List.of(new Run("x", 1, "s5")));

        // when
        List<Run> picked = limits.pick(pending, inFlight);

        // then
        assertThat(picked).extracting(Run::id).containsExactly("a", "b", "d");
    }

    @Test
    void shouldPickNothingWhenMoreRunsAreInFlightThanTheFleetAllows() {
        // given
        Concurrency limits = Concurrency.fleetOf(2);
        List<Run> pending = List.of(new Run("a", 0, "s1"));
        Concurrency.InFlight inFlight =
                inFlight(List.of(new Run("x", 0, "s2"), new Run("y", 0, "s3"), new Run("z", 0, "s4")));

        // when
        List<Run> picked = limits.pick(pending, inFlight);

        // then
        assertThat(picked).isEmpty();
    }

    @Test
    void shouldNeverExceedALimitAndPickEveryRunThatFitsWhenPickingForAnyInput() {
        Random random = new Random(20250501);
        String[] sites = {"s1", "s2", "s3"};
        for (int round = 0; round < 5000; round++) {
            // given
            Concurrency limits = new Concurrency(1 + random.nextInt(6), 1 + random.nextInt(4), 1 + random.nextInt(4));
            List<Run> running = new ArrayList<>();
            for (int i = random.nextInt(9); i > 0; i--) {
                running.add(new Run("f" + i, random.nextInt(3), sites[random.nextInt(sites.length)]));
            }
            List<Run> pending = new ArrayList<>();
            for (int i = random.nextInt(13); i > 0; i--) {
                pending.add(new Run("p" + i, random.nextInt(3), sites[random.nextInt(sites.length)]));
            }
            Concurrency.InFlight before = inFlight(running);
            String input = limits + " in flight " + running + " pending " + pending;

            // when
            List<Run> picked = limits.pick(pending, before);

            // then
            assertThat(picked).as(input).doesNotHaveDuplicates();
            assertThat(picked.stream().map(pending::indexOf).toList())
                    .as("picked in the pending order: %s", input)
                    .doesNotContain(-1)
                    .isSorted();
            List<Run> after = new ArrayList<>(running);
            after.addAll(picked);
            Concurrency.InFlight now = inFlight(after);
            assertThat(picked.size()).as(input).isLessThanOrEqualTo(Math.max(0, limits.fleet() - before.total()));
            for (Run run : picked) {
                assertThat(now.byWave().get(run.wave())).as(input).isLessThanOrEqualTo(limits.perWave());
                assertThat(now.bySite().get(run.site())).as(input).isLessThanOrEqualTo(limits.perSite());
            }
            for (Run left : pending) {
                if (!picked.contains(left)) {
                    boolean full = now.total() >= limits.fleet()
                            || now.byWave().getOrDefault(left.wave(), 0) >= limits.perWave()
                            || now.bySite().getOrDefault(left.site(), 0) >= limits.perSite();
                    assertThat(full)
                            .as("%s left behind although it fits: %s", left, input)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void shouldApplyTheFleetLimitEverywhereWhenOnlyAFleetLimitIsGiven() {
        // when
        Concurrency limits = Concurrency.fleetOf(12);

        // then
        assertThat(limits).isEqualTo(new Concurrency(12, 12, 12));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "fleet, 0", "fleet, -1", "fleet, 1001",
        "perSite, 0", "perSite, -1", "perSite, 1001",
        "perWave, 0", "perWave, -1", "perWave, 1001"
    })
    void shouldRefuseALimitNamingItsFieldWhenItIsOutOfRange(String field, int value) {
        assertThatThrownBy(() -> new Concurrency(
                        field.equals("fleet") ? value : 1,
                        field.equals("perSite") ? value : 1,
                        field.equals("perWave") ? value : 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency." + field)
                .hasMessageContaining(String.valueOf(value));
    }

    @Test
    void shouldAcceptTheBoundsWhenLimitsAreOneOrAThousand() {
        // when
        Concurrency lowest = new Concurrency(1, 1, 1);
        Concurrency highest = new Concurrency(1000, 1000, 1000);

        // then
        assertThat(lowest.fleet()).isEqualTo(1);
        assertThat(highest.fleet()).isEqualTo(Concurrency.MAX).isEqualTo(1000);
    }

    @Test
    void shouldRunAsManyAtOnceAsTheTightestLimitAllowsWhenAskedForParallelism() {
        // given
        Concurrency limits = new Concurrency(10, 2, 8);

        // then
        assertThat(limits.parallelism(1)).isEqualTo(2);
        assertThat(limits.parallelism(3)).isEqualTo(6);
        assertThat(limits.parallelism(7)).isEqualTo(8);
        assertThat(limits.parallelism(0)).as("no site known yet").isEqualTo(2);
        assertThat(Concurrency.fleetOf(4).parallelism(9)).isEqualTo(4);
    }
}
