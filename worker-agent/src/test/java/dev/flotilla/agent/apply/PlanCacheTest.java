package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PlanCacheTest {

    /** Stands for the plans topic: every plan ever published, and the ids read from it again. */
    private final Map<String, PlanPublished> topic = new ConcurrentHashMap<>();

    private final List<String> readAgain = new ArrayList<>();
    private final PlanCache cache = new PlanCache(2, new PlanTrust(Optional.empty()), id -> {
        readAgain.add(id);
        return Optional.ofNullable(topic.get(id));
    });

    @Test
    void shouldLetTheLeastRecentlyUsedPlanGoWhenMoreThanTheMaximumArrive() throws InterruptedException {
        // given
        PlanPublished first = published("first");
        PlanPublished second = published("second");
        cache.put(first);
        cache.put(second);
        cache.await(first.planId(), Duration.ZERO);

        // when
        cache.put(published("third"));

        // then the second, used least recently, went
        assertThat(cache.holds(first.planId())).isTrue();
        assertThat(cache.holds(second.planId())).isFalse();
    }

    @Test
    void shouldKeepAPinnedPlanWhenMoreThanTheMaximumArrive() {
        // given
        PlanPublished pinned = published("pinned");
        cache.put(pinned);
        cache.pin(pinned.planId());

        // when
        cache.put(published("b"));
        cache.put(published("c"));
        cache.put(published("d"));

        // then
        assertThat(cache.holds(pinned.planId())).isTrue();

        // and once unpinned it may go
        cache.unpin(pinned.planId());
        cache.put(published("e"));
        assertThat(cache.holds(pinned.planId())).isFalse();
    }

    @Test
    void shouldReadAPlanAgainAtOnceWhenItWasLetGo() throws InterruptedException {
        // given
        PlanPublished evicted = letGo();

        // when
        Optional<PlanPublished> plan = cache.await(evicted.planId(), Duration.ofMinutes(5));

        // then
        assertThat(plan).contains(evicted);
        assertThat(readAgain).containsExactly(evicted.planId());
        assertThat(cache.holds(evicted.planId())).isTrue();
    }

    @Test
    void shouldRejectAPlanReadAgainWhenItsContentDoesNotMatchItsId() throws InterruptedException {
        // given a plan let go of, whose record on the topic was tampered with
        PlanPublished evicted = letGo();
        topic.put(evicted.planId(), new PlanPublished(evicted.planId(), steps("tampered")));

        // when
        Optional<PlanPublished> plan = cache.await(evicted.planId(), Duration.ofMinutes(5));

        // then
        assertThat(plan).isEmpty();
        assertThat(cache.rejection(evicted.planId())).contains("its content does not match its id");
    }

    @Test
    void shouldLookForAPlanOnTheTopicWhenItDoesNotArriveInTime() throws InterruptedException {
        // given a plan the cache never saw
        PlanPublished unseen = published("unseen");

        // when
        Optional<PlanPublished> plan = cache.await(unseen.planId(), Duration.ofMillis(50));

        // then
        assertThat(plan).contains(unseen);
    }

    /** A plan the cache had, then let go of for two newer ones. */
    private PlanPublished letGo() {
        PlanPublished evicted = published("evicted");
        cache.put(evicted);
        cache.put(published("b"));
        cache.put(published("c"));
        assertThat(cache.holds(evicted.planId())).isFalse();
        return evicted;
    }

    private PlanPublished published(String name) {
        List<PlanStep> steps = steps(name);
        PlanPublished plan = new PlanPublished(PlanPublished.contentId(steps), steps);
        topic.put(plan.planId(), plan);
        return plan;
    }

    private static List<PlanStep> steps(String name) {
        String sql = "create table " + name + " (id int);";
        return List.of(
                new PlanStep(Version.of("0001"), name, sql, Checksum.of(sql), true, null, null, true, null, null));
    }
}
