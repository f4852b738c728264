package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.plan.RollbackLayout.Forward;
import dev.flotilla.coordinator.plan.RollbackLayout.Layout;
import dev.flotilla.coordinator.plan.RollbackLayout.Revert;
import dev.flotilla.model.catalog.Version;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RollbackLayoutTest {

    private static final Set<Version> ALL_REVERSIBLE = versions("0001", "0002", "0003", "0004", "0005");

    private static Set<Version> versions(String... texts) {
        return Arrays.stream(texts).map(Version::of).collect(Collectors.toSet());
    }

    private static List<Version> list(String... texts) {
        return Arrays.stream(texts).map(Version::of).toList();
    }

    private static Forward done(String tenant, String... applied) {
        return new Forward(tenant, "s1", versions(applied), false, list(applied), versions(applied), null);
    }

    @Test
    void shouldRevertWhatTheRolloutAppliedInReverseOrderWhenItFinished() {
        // when
        Layout layout = RollbackLayout.lay(List.of(done("t1", "0002", "0004", "0003")), ALL_REVERSIBLE, false);

        // then
        assertThat(layout.reverts()).containsExactly(new Revert("t1", "s1", list("0004", "0003", "0002"), null, null));
        assertThat(layout.untouched()).isEmpty();
        assertThat(layout.blocked(false)).isFalse();
    }

    @Test
    void shouldLeaveATenantAloneWhenTheRolloutNeverChangedIt() {
        // given: t2's run failed on its first step, t3's never started
        List<Forward> tenants = List.of(
                done("t1", "0001"),
                new Forward("t2", "s1", Set.of(), false, list("0001", "0002"), Set.of(), null),
                new Forward("t3", "s2", Set.of(), false, list("0001"), Set.of(), null));

        // when
        Layout layout = RollbackLayout.lay(tenants, ALL_REVERSIBLE, false);

        // then
        assertThat(layout.reverts()).extracting(Revert::tenant).containsExactly("t1");
        assertThat(layout.untouched()).containsExactly("t2", "t3");
    }

    @Test
    void shouldRevertOnlyThePartAppliedWhenARunFailedHalfway() {
        // given: the run had 0003..0005 and failed at 0005
        Forward tenant = new Forward(
                "t1",
                "s1",
                versions("0003", "0004"),
                false,
                list("0003", "0004", "0005"),
                versions("0003", "0004"),
                null);

        // when
        Layout layout = RollbackLayout.lay(List.of(tenant), ALL_REVERSIBLE, false);

        // then
        assertThat(layout.reverts()).containsExactly(new Revert("t1", "s1", list("0004", "0003"), null, null));
    }

    @Test
    void shouldRevertEveryStepOfARunStillInFlightWhenItMayApplyMoreBeforeTheRevert() {
        // given: 0003 applied so far, 0004 and 0005 may follow
        Forward tenant =
                new Forward("t1", "s1", versions("0003"), true, list("0003", "0004", "0005"), versions("0003"), null);

        // when
        Layout layout = RollbackLayout.lay(List.of(tenant), ALL_REVERSIBLE, false);

        // then
        assertThat(layout.reverts()).containsExactly(new Revert("t1", "s1", list("0005", "0004", "0003"), null, null));
    }

    @Test
    void shouldBlockAndNameTheMigrationAndTenantsWhenAStepIsIrreversible() {
        // given: 0003 has no down script
        Set<Version> reversible = versions("0001", "0002", "0004", "0005");
        List<Forward> tenants = List.of(done("t1", "0002", "0003", "0004"), done("t2", "0003"), done("t3", "0004"));

        // when
        Layout layout = RollbackLayout.lay(tenants, reversible, false);

        // then
        assertThat(layout.irreversible()).isEqualTo(Map.of(Version.of("0003"), List.of("t1", "t2")));
        assertThat(layout.blocked(false)).isTrue();
        assertThat(layout.reverts())
                .as("nothing of a blocked tenant is planned unless an admin allows it")
                .containsExactly(
                        new Revert("t1", "s1", List.of(), Version.of("0003"), null),
                        new Revert("t2", "s1", List.of(), Version.of("0003"), null),
                        new Revert("t3", "s1", list("0004"), null, null));
    }

    @Test
    void shouldRevertDownToJustAboveTheIrreversibleStepWhenAnAdminAllowsIt() {
        // given
        Set<Version> reversible = versions("0001", "0002", "0004", "0005");

        // when
        Layout layout = RollbackLayout.lay(List.of(done("t1", "0002", "0003", "0004", "0005")), reversible, true);

        // then
        assertThat(layout.blocked(true)).isFalse();
        assertThat(layout.irreversible()).containsOnlyKeys(Version.of("0003"));
        assertThat(layout.reverts())
                .containsExactly(new Revert("t1", "s1", list("0005", "0004"), Version.of("0003"), null));
    }

    @Test
    void shouldTreatAVersionTheCatalogNoLongerHasAsIrreversibleWhenItHasNoScriptToRun() {
        // when
        Layout layout = RollbackLayout.lay(List.of(done("t1", "0009")), ALL_REVERSIBLE, false);

        // then
        assertThat(layout.blocked(false)).isTrue();
        assertThat(layout.irreversible()).containsOnlyKeys(Version.of("0009"));
    }

    @Test
    void shouldBlockATenantWhenALaterRolloutAppliedAVersionAboveWhatTheRollbackReverts() {
        // given: the rollout applied 0002 and 0003; a later one applied 0004
        Forward tenant = new Forward(
                "t1",
                "s1",
                versions("0002", "0003"),
                false,
                list("0002", "0003"),
                versions("0001", "0002", "0003", "0004"),
                null);

        // when
        Layout layout = RollbackLayout.lay(List.of(tenant), ALL_REVERSIBLE, false);

        // then nothing runs under 0004: the tenant is blocked, saying why
        assertThat(layout.reverts()).singleElement().satisfies(revert -> {
            assertThat(revert.steps()).isEmpty();
            assertThat(revert.blockedBy()).startsWith("0004 applied above what this rollback reverts");
        });
    }

    @Test
    void shouldBlockATenantWhenItNeedsARepairFirst() {
        // given
        Forward tenant = new Forward(
                "t1", "s1", versions("0002"), false, list("0002"), versions("0002"), "0003 is CHECKSUM_MISMATCH");

        // when
        Layout layout = RollbackLayout.lay(List.of(tenant), ALL_REVERSIBLE, false);

        // then
        assertThat(layout.reverts())
                .containsExactly(
                        new Revert("t1", "s1", List.of(), null, "needs a repair first: 0003 is CHECKSUM_MISMATCH"));
    }

    @Test
    void shouldNotBlockOnAnIrreversibleStepARunInFlightHasNotReachedAndSettleItAtDispatch() {
        // given: 0003 applied so far; 0004 (no down script) and 0005 may follow
        Set<Version> reversible = versions("0003", "0005");
        Forward inFlight =
                new Forward("t1", "s1", versions("0003"), true, list("0003", "0004", "0005"), versions("0003"), null);

        // when the rollback is laid out while the run is in flight
        Layout layout = RollbackLayout.lay(List.of(inFlight), reversible, false);

        // then nothing blocks yet: the revert is provisional, with every step of the run
        assertThat(layout.blocked(false)).isFalse();
        assertThat(layout.reverts()).containsExactly(new Revert("t1", "s1", list("0005", "0004", "0003"), null, null));

        // when it is settled after the run stopped having applied only 0003
        Revert settled = RollbackLayout.settle(
                new Forward("t1", "s1", versions("0003"), false, List.of(), versions("0003"), null),
                layout.reverts().get(0).steps(),
                reversible,
                false);

        // then it reverts 0003 alone
        assertThat(settled).isEqualTo(new Revert("t1", "s1", list("0003"), null, null));
    }

    @Test
    void shouldBlockASettledRevertThatNeedsAnIrreversibleStepTheRollbackDoesNotAllow() {
        // given the run went on to apply 0004, which has no down script
        Forward stopped =
                new Forward("t1", "s1", versions("0003", "0004"), false, List.of(), versions("0003", "0004"), null);

        // when
        Revert refused = RollbackLayout.settle(stopped, list("0005", "0004", "0003"), versions("0003", "0005"), false);
        Revert allowed = RollbackLayout.settle(stopped, list("0005", "0004", "0003"), versions("0003", "0005"), true);

        // then
        assertThat(refused.steps()).isEmpty();
        assertThat(refused.blockedBy()).startsWith("0004 has no down script");
        assertThat(allowed).isEqualTo(new Revert("t1", "s1", List.of(), Version.of("0004"), null));
    }

    @Test
    void shouldSettleToNothingWhenTheRunAppliedNothingAndBlockStepsThePlanDoesNotHold() {
        // given
        Forward nothing = new Forward("t1", "s1", Set.of(), false, List.of(), Set.of(), null);
        Forward more =
                new Forward("t1", "s1", versions("0003", "0004"), false, List.of(), versions("0003", "0004"), null);

        // when / then
        assertThat(RollbackLayout.settle(nothing, list("0003"), ALL_REVERSIBLE, false))
                .isEqualTo(new Revert("t1", "s1", List.of(), null, null));
        assertThat(RollbackLayout.settle(more, list("0003"), ALL_REVERSIBLE, false)
                        .blockedBy())
                .startsWith("it has applied 0004 since the rollback started");
    }
}
