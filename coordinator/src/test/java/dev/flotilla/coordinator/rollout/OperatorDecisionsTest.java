package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.coordinator.plan.Concurrency;
import dev.flotilla.coordinator.plan.FailureBudget;
import dev.flotilla.coordinator.plan.OnBreach;
import dev.flotilla.coordinator.plan.WaveSpec;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorDecisionsTest {

    private static final Environment OPEN = new Environment("staging", false);
    private static final Environment PRODUCTION = new Environment("production", true);

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000009");
    private static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID NEW_RUN = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static final UUID ROLLBACK = UUID.fromString("00000000-0000-0000-0000-0000000000c3");
    private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");
    private static final Instant EARLIER = NOW.minus(Duration.ofHours(2));
    private static final Duration SOAK = Duration.ofMinutes(30);
    private static final String ACTOR = "alice";
    private static final String REASON = "looks fine";
    private static final String TENANT = "t1";
    private static final List<Version> PLAN = versions("0001", "0002", "0003", "0004");

    /** The spec: what a paused or halted rollout accepts (what a running one does, resume for pause). */
    private static final Set<RolloutAction> STOPPED = EnumSet.of(
            RolloutAction.RESUME, RolloutAction.CANCEL, RolloutAction.APPROVE, RolloutAction.RETRY, RolloutAction.SKIP);

    /** The spec: which operator actions a rollout in each state accepts. Every state must be listed. */
    private static final Map<RolloutState, Set<RolloutAction>> ACCEPTED = Map.of(
            RolloutState.RUNNING,
            EnumSet.of(
                    RolloutAction.PAUSE,
                    RolloutAction.CANCEL,
                    RolloutAction.APPROVE,
                    RolloutAction.RETRY,
                    RolloutAction.SKIP),
            RolloutState.PAUSED,
            STOPPED,
            RolloutState.HALTED,
            STOPPED,
            RolloutState.COMPLETED,
            EnumSet.noneOf(RolloutAction.class),
            RolloutState.CANCELLED,
            EnumSet.noneOf(RolloutAction.class),
            RolloutState.UNKNOWN,
            EnumSet.noneOf(RolloutAction.class));

    /**
     * The spec: the actions that wait while a rollback of the rollout is open, as they would send
     * forward steps to tenants being reverted (pause, cancel and skip send none).
     */
    private static final Set<RolloutAction> WAIT_FOR_ROLLBACK =
            EnumSet.of(RolloutAction.RESUME, RolloutAction.APPROVE, RolloutAction.RETRY);

    /** How a refusal words each action. */
    private static final Map<RolloutAction, String> PAST = Map.of(
            RolloutAction.PAUSE, "paused",
            RolloutAction.RESUME, "resumed",
            RolloutAction.CANCEL, "cancelled",
            RolloutAction.APPROVE, "approved",
            RolloutAction.RETRY, "retried",
            RolloutAction.SKIP, "changed");

    private static List<Version> versions(String... texts) {
        return Stream.of(texts).map(Version::of).toList();
    }

    private static Wave wave(int position, boolean approval, Instant startedAt, Instant doneAt, String approvedBy) {
        WaveSpec spec =
                new WaveSpec(List.of("canary", "eu", "us").get(position), "*", OptionalInt.empty(), SOAK, approval);
        return new Wave(position, spec, startedAt, doneAt, approvedBy, approvedBy == null ? null : EARLIER, null);
    }

    private static Wave notStarted(int position, boolean approval) {
        return wave(position, approval, null, null, null);
    }

    private static Wave running(int position) {
        return wave(position, false, EARLIER, null, null);
    }

    private static Wave done(int position) {
        return wave(position, false, EARLIER, EARLIER.plus(Duration.ofMinutes(10)), null);
    }

    private static RolloutSnapshot snapshot(RolloutState state, int currentWave, Wave... waves) {
        Rollout rollout = new Rollout(
                ID,
                "plan-1",
                Map.of("version", "0004"),
                Version.of("0004"),
                state,
                Concurrency.fleetOf(10),
                FailureBudget.NONE,
                List.of("eu-1"),
                currentWave,
                null,
                null,
                EARLIER,
                null,
                Direction.UP,
                null,
                OnBreach.HALT,
                false);
        Map<Integer, RunCounts> counts = Map.of(0, new RunCounts(Map.of(RunState.SUCCEEDED, 2, RunState.FAILED, 1)));
        return new RolloutSnapshot(rollout, List.of(waves), counts, Concurrency.InFlight.none(), List.of());
    }

    /** A rollout whose first wave waits for an approval, so that every action can be accepted. */
    private static RolloutSnapshot anyActionPossible(RolloutState state) {
        return snapshot(state, 0, notStarted(0, true), notStarted(1, false));
    }

    private static OperatorRequest requestFor(RolloutAction action) {
        return requestFor(action, Optional.empty());
    }

    /** A request for the action, taken while {@code openRollback} (if any) rolls the rollout back. */
    private static OperatorRequest requestFor(RolloutAction action, Optional<UUID> openRollback) {
        return switch (action) {
            case PAUSE -> new OperatorRequest.Pause(ACTOR, REASON);
            case RESUME -> new OperatorRequest.Resume(ACTOR, REASON, openRollback);
            case CANCEL -> new OperatorRequest.Cancel(ACTOR, REASON);
            case APPROVE -> new OperatorRequest.Approve(ACTOR, REASON, Optional.empty(), OPEN, null, openRollback);
            case RETRY -> retry(RunState.FAILED, null, Set.of(), openRollback);
            case SKIP -> skip(RunState.PENDING, REASON);
        };
    }

    private static OperatorRequest.Retry retry(RunState state, String needsRepair, Set<Version> applied) {
        return retry(state, needsRepair, applied, Optional.empty());
    }

    private static OperatorRequest.Retry retry(
            RunState state, String needsRepair, Set<Version> applied, Optional<UUID> openRollback) {
        return new OperatorRequest.Retry(
                ACTOR,
                REASON,
                TENANT,
                Optional.of(new OperatorRequest.TenantRun(RUN, state, List.of())),
                needsRepair,
                PLAN,
                applied,
                NEW_RUN,
                openRollback);
    }

    private static OperatorRequest.Skip skip(RunState state, String reason) {
        return new OperatorRequest.Skip(
                ACTOR, reason, TENANT, Optional.of(new OperatorRequest.TenantRun(RUN, state, List.of())));
    }

    private static List<Change> approve(RolloutSnapshot snapshot, Optional<String> wave) {
        return OperatorDecisions.decide(
                snapshot, new OperatorRequest.Approve(ACTOR, REASON, wave, OPEN, null, Optional.empty()), NOW);
    }

    /** Asserts the request is refused, as unknown or as a conflict; the message is the caller's to check. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            RolloutSnapshot snapshot, OperatorRequest request, boolean notFound) {
        return assertThatThrownBy(() -> OperatorDecisions.decide(snapshot, request, NOW))
                .isInstanceOfSatisfying(RolloutActionRefused.class, refused -> assertThat(refused.notFound())
                        .isEqualTo(notFound));
    }

    private static Change.Audited audited(String action, String tenant, String reason) {
        return new Change.Audited(new ActionRecord(NOW, ACTOR, action, tenant, reason));
    }

    private static Stream<Arguments> everyStateAndAction() {
        List<Arguments> cases = new ArrayList<>();
        for (RolloutState state : RolloutState.values()) {
            for (RolloutAction action : RolloutAction.values()) {
                cases.add(Arguments.of(state, action));
            }
        }
        return cases.stream();
    }

    @Test
    void shouldListEveryStateAndActionWhenTheSpecIsWritten() {
        // given
        Set<RolloutState> listed = ACCEPTED.keySet();

        // when
        Set<RolloutAction> worded = PAST.keySet();

        // then
        assertThat(listed).containsExactlyInAnyOrder(RolloutState.values());
        assertThat(worded).containsExactlyInAnyOrder(RolloutAction.values());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyStateAndAction")
    void shouldAcceptAnActionWhenTheRolloutStateAllowsItAndRefuseItOtherwise(RolloutState state, RolloutAction action) {
        // given
        RolloutSnapshot snapshot = anyActionPossible(state);
        OperatorRequest request = requestFor(action);

        // when / then
        if (ACCEPTED.get(state).contains(action)) {
            assertThatCode(() -> OperatorDecisions.decide(snapshot, request, NOW))
                    .doesNotThrowAnyException();
            assertThat(OperatorDecisions.decide(snapshot, request, NOW).getLast())
                    .isInstanceOfSatisfying(
                            Change.Audited.class,
                            audited -> assertThat(audited.action().action()).isEqualTo(action.code()));
        } else {
            assertRefused(snapshot, request, false)
                    .hasMessage("rollout " + ID + " is " + state + " and cannot be " + PAST.get(action));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyStateAndAction")
    void shouldRefuseWhatWouldSendForwardStepsWhileARollbackOfTheRolloutIsOpen(
            RolloutState state, RolloutAction action) {
        // given a rollout that a rollback reverts now (an automatic one of a breached wave, or an operator's)
        RolloutSnapshot snapshot = anyActionPossible(state);
        OperatorRequest request = requestFor(action, Optional.of(ROLLBACK));

        // when / then its state refuses first, then the open rollback refuses resume, approve and retry
        if (!ACCEPTED.get(state).contains(action)) {
            assertRefused(snapshot, request, false)
                    .hasMessage("rollout " + ID + " is " + state + " and cannot be " + PAST.get(action));
        } else if (WAIT_FOR_ROLLBACK.contains(action)) {
            assertRefused(snapshot, request, false)
                    .hasMessage("rollout " + ID + " is being rolled back by " + ROLLBACK + " and cannot be "
                            + PAST.get(action) + " now: wait for the rollback to end, or cancel it");
        } else {
            assertThat(OperatorDecisions.decide(snapshot, request, NOW).getLast())
                    .isInstanceOfSatisfying(
                            Change.Audited.class,
                            audited -> assertThat(audited.action().action()).isEqualTo(action.code()));
        }
    }

    @Test
    void shouldPauseSayingWhoAndWhyWhenARunningRolloutIsPaused() {
        // given
        RolloutSnapshot snapshot = snapshot(RolloutState.RUNNING, 0, running(0));

        // when
        List<Change> changes = OperatorDecisions.decide(snapshot, new OperatorRequest.Pause(ACTOR, "maintenance"), NOW);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.RolloutMoved(RolloutState.PAUSED, "paused by alice: maintenance"),
                        audited("pause", null, "maintenance"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void shouldPauseSayingOnlyWhoWhenNoReasonIsGiven(String reason) {
        // given
        RolloutSnapshot snapshot = snapshot(RolloutState.RUNNING, 0, running(0));

        // when
        List<Change> changes = OperatorDecisions.decide(snapshot, new OperatorRequest.Pause(ACTOR, reason), NOW);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.RolloutMoved(RolloutState.PAUSED, "paused by alice"),
                        audited("pause", null, reason));
    }

    @ParameterizedTest
    @EnumSource(
            value = RolloutState.class,
            names = {"PAUSED", "HALTED"})
    void shouldRunAgainWithoutAReasonWhenAStoppedRolloutIsResumed(RolloutState state) {
        // given
        RolloutSnapshot snapshot = snapshot(state, 0, running(0));

        // when
        List<Change> changes =
                OperatorDecisions.decide(snapshot, new OperatorRequest.Resume(ACTOR, REASON, Optional.empty()), NOW);

        // then
        assertThat(changes)
                .containsExactly(new Change.RolloutMoved(RolloutState.RUNNING, null), audited("resume", null, REASON));
    }

    @ParameterizedTest
    @EnumSource(
            value = RolloutState.class,
            names = {"RUNNING", "PAUSED", "HALTED"})
    void shouldCancelPendingAndInFlightRunsThenTheRolloutWhenARolloutIsCancelled(RolloutState state) {
        // given
        RolloutSnapshot snapshot = snapshot(state, 0, running(0));
        String message = "cancelled by alice: wrong target";

        // when
        List<Change> changes =
                OperatorDecisions.decide(snapshot, new OperatorRequest.Cancel(ACTOR, "wrong target"), NOW);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.PendingRunsMoved(RunState.CANCELLED, message),
                        new Change.InFlightRunsCancelled(message),
                        new Change.RolloutMoved(RolloutState.CANCELLED, message),
                        audited("cancel", null, "wrong target"));
    }

    @Test
    void shouldCancelSayingOnlyWhoWhenNoReasonIsGiven() {
        // given
        RolloutSnapshot snapshot = snapshot(RolloutState.RUNNING, 0, running(0));

        // when
        List<Change> changes = OperatorDecisions.decide(snapshot, new OperatorRequest.Cancel(ACTOR, null), NOW);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.PendingRunsMoved(RunState.CANCELLED, "cancelled by alice"),
                        new Change.InFlightRunsCancelled("cancelled by alice"),
                        new Change.RolloutMoved(RolloutState.CANCELLED, "cancelled by alice"),
                        audited("cancel", null, null));
    }

    /** Approvals that open a gate: the case, the rollout, the wave named, the position approved. */
    private static Stream<Arguments> approvals() {
        Wave soaking = wave(0, false, EARLIER, NOW.minus(Duration.ofMinutes(1)), null);
        return Stream.of(
                Arguments.of(
                        "first wave not started and needing an approval",
                        snapshot(RolloutState.RUNNING, 0, notStarted(0, true), notStarted(1, false)),
                        Optional.empty(),
                        0),
                Arguments.of(
                        "current wave done, next needing an approval",
                        snapshot(RolloutState.RUNNING, 1, done(0), done(1), notStarted(2, true)),
                        Optional.empty(),
                        2),
                Arguments.of(
                        "paused, current wave done during the pause",
                        snapshot(RolloutState.PAUSED, 1, done(0), done(1), notStarted(2, true)),
                        Optional.empty(),
                        2),
                Arguments.of(
                        "halted, current wave done",
                        snapshot(RolloutState.HALTED, 1, done(0), done(1), notStarted(2, true)),
                        Optional.empty(),
                        2),
                Arguments.of(
                        "current wave still soaking",
                        snapshot(RolloutState.RUNNING, 0, soaking, notStarted(1, true)),
                        Optional.empty(),
                        1),
                Arguments.of(
                        "named wave is the waiting one",
                        snapshot(RolloutState.RUNNING, 0, done(0), notStarted(1, true), notStarted(2, true)),
                        Optional.of("eu"),
                        1));
    }

    /** Approvals refused as conflicts: the case, the rollout, the wave named, the message. */
    private static Stream<Arguments> refusedApprovals() {
        String none = "no wave of rollout " + ID + " waits for an approval now";
        return Stream.of(
                Arguments.of(
                        "first wave needing none",
                        snapshot(RolloutState.RUNNING, 0, notStarted(0, false), notStarted(1, true)),
                        Optional.empty(),
                        none + " (wave canary is running)"),
                Arguments.of(
                        "first wave already approved",
                        snapshot(RolloutState.RUNNING, 0, wave(0, true, null, null, "bob"), notStarted(1, true)),
                        Optional.empty(),
                        none + " (wave canary is running)"),
                Arguments.of(
                        "current wave running, next needing an approval",
                        snapshot(RolloutState.RUNNING, 0, running(0), notStarted(1, true)),
                        Optional.empty(),
                        none + " (wave canary is running)"),
                Arguments.of(
                        "next wave already approved, the one after needing an approval",
                        snapshot(
                                RolloutState.RUNNING,
                                0,
                                done(0),
                                wave(1, true, null, null, "bob"),
                                notStarted(2, true)),
                        Optional.empty(),
                        none + " (wave canary is done)"),
                Arguments.of(
                        "next wave needing none",
                        snapshot(RolloutState.RUNNING, 0, done(0), notStarted(1, false)),
                        Optional.empty(),
                        none + " (wave canary is done)"),
                Arguments.of(
                        "last wave done",
                        snapshot(RolloutState.RUNNING, 1, done(0), done(1)),
                        Optional.empty(),
                        none + " (wave eu is done)"),
                Arguments.of(
                        "named wave not the waiting one",
                        snapshot(RolloutState.RUNNING, 0, done(0), notStarted(1, true), notStarted(2, true)),
                        Optional.of("us"),
                        "the wave waiting for an approval is eu, not us"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("approvals")
    void shouldApproveOnlyTheGateTheRolloutStandsAtWhenAnApprovalIsAsked(
            String situation, RolloutSnapshot snapshot, Optional<String> wave, int position) {
        // given the situation

        // when
        List<Change> changes = approve(snapshot, wave);

        // then
        assertThat(changes).containsExactly(new Change.WaveApproved(position, ACTOR), audited("approve", null, REASON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedApprovals")
    void shouldRefuseAnApprovalWhenNoGateOrAnotherOneWaits(
            String situation, RolloutSnapshot snapshot, Optional<String> wave, String message) {
        // given the situation

        // when / then
        assertRefused(snapshot, new OperatorRequest.Approve(ACTOR, REASON, wave, OPEN, null, Optional.empty()), false)
                .hasMessage(message);
    }

    @Test
    void shouldAnswerNotFoundWhenTheRetriedTenantIsNotPartOfTheRollout() {
        // given
        RolloutSnapshot snapshot = snapshot(RolloutState.HALTED, 0, running(0));
        OperatorRequest.Retry retry = new OperatorRequest.Retry(
                ACTOR, REASON, TENANT, Optional.empty(), null, PLAN, Set.of(), NEW_RUN, Optional.empty());

        // when / then
        assertRefused(snapshot, retry, true).hasMessage("tenant t1 is not part of rollout " + ID);
    }

    @ParameterizedTest
    @EnumSource(RunState.class)
    void shouldRetryARunOnlyWhenItFailedWasCancelledOrIsBlocked(RunState state) {
        // given
        Set<RunState> retryable = EnumSet.of(RunState.FAILED, RunState.CANCELLED, RunState.BLOCKED);
        RolloutSnapshot snapshot = snapshot(RolloutState.HALTED, 0, running(0));
        OperatorRequest.Retry retry = retry(state, null, Set.of(Version.of("0001")));

        // when / then
        if (retryable.contains(state)) {
            assertThat(OperatorDecisions.decide(snapshot, retry, NOW))
                    .containsExactly(
                            new Change.RunReopened(RUN, NEW_RUN, versions("0002", "0003", "0004"), RunState.PENDING),
                            audited("retry", TENANT, REASON));
        } else {
            assertRefused(snapshot, retry, false)
                    .hasMessage("tenant t1 is " + state + "; only failed, cancelled or blocked tenants are retried");
        }
    }

    @Test
    void shouldRefuseARetryWhenTheTenantStillNeedsARepair() {
        // given
        RolloutSnapshot snapshot = snapshot(RolloutState.RUNNING, 0, running(0));
        OperatorRequest.Retry retry = retry(RunState.BLOCKED, "migration 0002 is dirty", Set.of());

        // when / then
        assertRefused(snapshot, retry, false).hasMessage("tenant t1 still needs a repair: migration 0002 is dirty");
    }

    @Test
    void shouldReopenTheRunWithThePlansVersionsNotAppliedInPlanOrderWhenItIsRetried() {
        // given
        RolloutSnapshot snapshot = snapshot(RolloutState.RUNNING, 0, running(0));
        OperatorRequest.Retry retry = retry(RunState.FAILED, null, Set.of(Version.of("0003"), Version.of("0001")));

        // when
        List<Change> changes = OperatorDecisions.decide(snapshot, retry, NOW);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.RunReopened(RUN, NEW_RUN, versions("0002", "0004"), RunState.PENDING),
                        audited("retry", TENANT, REASON));
    }

    @Test
    void shouldReopenTheRunAsSucceededWhenNothingIsLeftToApply() {
        // given
        RolloutSnapshot snapshot = snapshot(RolloutState.RUNNING, 0, running(0));
        OperatorRequest.Retry retry = retry(RunState.CANCELLED, null, Set.copyOf(PLAN));

        // when
        List<Change> changes = OperatorDecisions.decide(snapshot, retry, NOW);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.RunReopened(RUN, NEW_RUN, List.of(), RunState.SUCCEEDED),
                        audited("retry", TENANT, REASON));
    }

    @ParameterizedTest
    @EnumSource(RunState.class)
    void shouldSkipARunOnlyWhenItIsPendingFailedCancelledOrBlocked(RunState state) {
        // given
        Set<RunState> skippable = EnumSet.of(RunState.PENDING, RunState.FAILED, RunState.CANCELLED, RunState.BLOCKED);
        RolloutSnapshot snapshot = snapshot(RolloutState.PAUSED, 0, running(0));
        OperatorRequest.Skip skip = skip(state, "tenant decommissioned");

        // when / then
        if (skippable.contains(state)) {
            assertThat(OperatorDecisions.decide(snapshot, skip, NOW))
                    .containsExactly(
                            new Change.RunMoved(RUN, RunState.SKIPPED, "skipped by alice: tenant decommissioned"),
                            audited("skip", TENANT, "tenant decommissioned"));
        } else {
            assertRefused(snapshot, skip, false)
                    .hasMessage("tenant t1 is " + state
                            + "; only pending, failed, cancelled or blocked tenants are skipped");
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void shouldRefuseToBuildASkipWhenItHasNoReason(String reason) {
        // given
        Optional<OperatorRequest.TenantRun> run =
                Optional.of(new OperatorRequest.TenantRun(RUN, RunState.FAILED, List.of()));

        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OperatorRequest.Skip(ACTOR, reason, TENANT, run))
                .withMessage("a skip needs a reason");
    }

    @Test
    void shouldAnswerNotFoundWhenTheSkippedTenantIsNotPartOfTheRollout() {
        // given
        RolloutSnapshot snapshot = snapshot(RolloutState.RUNNING, 0, running(0));
        OperatorRequest.Skip skip = new OperatorRequest.Skip(ACTOR, "gone", TENANT, Optional.empty());

        // when / then
        assertRefused(snapshot, skip, true).hasMessage("tenant t1 is not part of rollout " + ID);
    }

    @Test
    void shouldRevertTheStepsOfItsRevertStillAppliedWhenARollbacksRunIsRetried() {
        // given a rollback whose run for the tenant reverts 0004, 0003, 0002 and failed after reverting 0004
        RolloutSnapshot forward = snapshot(RolloutState.HALTED, 0, running(0));
        Rollout back = new Rollout(
                forward.rollout().id(),
                "plan-2",
                Map.of("rollback", "r"),
                Version.of("0002"),
                RolloutState.HALTED,
                Concurrency.fleetOf(10),
                FailureBudget.NONE,
                List.of("eu-1"),
                0,
                null,
                null,
                EARLIER,
                null,
                Direction.DOWN,
                new UUID(0, 9),
                OnBreach.HALT,
                false);
        RolloutSnapshot snapshot =
                new RolloutSnapshot(back, forward.waves(), forward.counts(), Concurrency.InFlight.none(), List.of());
        OperatorRequest.Retry retry = new OperatorRequest.Retry(
                ACTOR,
                REASON,
                TENANT,
                Optional.of(new OperatorRequest.TenantRun(RUN, RunState.FAILED, versions("0004", "0003", "0002"))),
                null,
                versions("0002", "0003", "0004"),
                Set.of(Version.of("0001"), Version.of("0002"), Version.of("0003")),
                NEW_RUN,
                Optional.empty());

        // when
        List<Change> changes = OperatorDecisions.decide(snapshot, retry, NOW);

        // then it reverts what is left, highest first, and nothing it did not revert before (0001)
        assertThat(changes.getFirst())
                .isEqualTo(new Change.RunReopened(RUN, NEW_RUN, versions("0003", "0002"), RunState.PENDING));
    }

    @Test
    void shouldRefuseAnApprovalWithoutTheEnvironmentsNameWhenTheEnvironmentIsProtected() {
        // given the first wave waits for an approval
        RolloutSnapshot snapshot = anyActionPossible(RolloutState.RUNNING);

        // when / then
        for (String confirm : new String[] {null, "staging"}) {
            assertRefused(
                            snapshot,
                            new OperatorRequest.Approve(
                                    ACTOR, REASON, Optional.empty(), PRODUCTION, confirm, Optional.empty()),
                            false)
                    .hasMessageContaining("protected environment production")
                    .hasMessageContaining("\"confirm\": \"production\"");
        }
        assertThat(OperatorDecisions.decide(
                        snapshot,
                        new OperatorRequest.Approve(
                                ACTOR, REASON, Optional.empty(), PRODUCTION, "production", Optional.empty()),
                        NOW))
                .first()
                .isEqualTo(new Change.WaveApproved(0, ACTOR));
    }
}
