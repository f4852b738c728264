package dev.flotilla.coordinator.matrix;

import static dev.flotilla.coordinator.matrix.CellState.APPLIED;
import static dev.flotilla.coordinator.matrix.CellState.CHECKSUM_MISMATCH;
import static dev.flotilla.coordinator.matrix.CellState.DIRTY;
import static dev.flotilla.coordinator.matrix.CellState.FAILED;
import static dev.flotilla.coordinator.matrix.CellState.PENDING;
import static dev.flotilla.coordinator.matrix.CellState.REVERT_FAILED;
import static dev.flotilla.coordinator.matrix.CellState.RUNNING;
import static dev.flotilla.coordinator.matrix.CellState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.wire.Direction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (cell state, input) pair of {@link CellMachine} with its expected outcome, written out one row
 * per pair so a change to any transition shows up here.
 */
class CellMachineTest {

    private static final CellInput START_UP = new CellInput.StepStarted(Direction.UP);
    private static final CellInput START_DOWN = new CellInput.StepStarted(Direction.DOWN);
    private static final CellInput SUCCEED_UP = new CellInput.StepSucceeded(Direction.UP);
    private static final CellInput SUCCEED_DOWN = new CellInput.StepSucceeded(Direction.DOWN);
    private static final CellInput FAIL_UP = new CellInput.StepFailed(Direction.UP, false, false);
    private static final CellInput FAIL_DOWN = new CellInput.StepFailed(Direction.DOWN, false, false);
    private static final CellInput FAIL_UP_DIRTY = new CellInput.StepFailed(Direction.UP, true, false);
    private static final CellInput FAIL_DOWN_DIRTY = new CellInput.StepFailed(Direction.DOWN, true, false);
    private static final CellInput FAIL_UP_MISMATCH = new CellInput.StepFailed(Direction.UP, false, true);
    private static final CellInput FAIL_DOWN_MISMATCH = new CellInput.StepFailed(Direction.DOWN, false, true);
    private static final CellInput FAIL_UP_DIRTY_MISMATCH = new CellInput.StepFailed(Direction.UP, true, true);
    private static final CellInput FAIL_DOWN_DIRTY_MISMATCH = new CellInput.StepFailed(Direction.DOWN, true, true);
    private static final CellInput CANCEL_UP = new CellInput.StepCancelled(Direction.UP);
    private static final CellInput CANCEL_DOWN = new CellInput.StepCancelled(Direction.DOWN);
    private static final CellInput SEEN_ABSENT = new CellInput.Observed(HistorySays.ABSENT, false);
    private static final CellInput SEEN_APPLIED = new CellInput.Observed(HistorySays.APPLIED, false);
    private static final CellInput SEEN_DIRTY = new CellInput.Observed(HistorySays.DIRTY, false);
    private static final CellInput SEEN_MISMATCH = new CellInput.Observed(HistorySays.MISMATCH, false);
    private static final CellInput SEEN_ABSENT_IN_FLIGHT = new CellInput.Observed(HistorySays.ABSENT, true);
    private static final CellInput SEEN_APPLIED_IN_FLIGHT = new CellInput.Observed(HistorySays.APPLIED, true);
    private static final CellInput SEEN_DIRTY_IN_FLIGHT = new CellInput.Observed(HistorySays.DIRTY, true);
    private static final CellInput SEEN_MISMATCH_IN_FLIGHT = new CellInput.Observed(HistorySays.MISMATCH, true);

    /** Every input the machine can be fed: both directions, every failure flag, every observed state. */
    private static final List<CellInput> INPUTS = List.of(
            START_UP,
            START_DOWN,
            SUCCEED_UP,
            SUCCEED_DOWN,
            FAIL_UP,
            FAIL_DOWN,
            FAIL_UP_DIRTY,
            FAIL_DOWN_DIRTY,
            FAIL_UP_MISMATCH,
            FAIL_DOWN_MISMATCH,
            FAIL_UP_DIRTY_MISMATCH,
            FAIL_DOWN_DIRTY_MISMATCH,
            CANCEL_UP,
            CANCEL_DOWN,
            SEEN_ABSENT,
            SEEN_APPLIED,
            SEEN_DIRTY,
            SEEN_MISMATCH,
            SEEN_ABSENT_IN_FLIGHT,
            SEEN_APPLIED_IN_FLIGHT,
            SEEN_DIRTY_IN_FLIGHT,
            SEEN_MISMATCH_IN_FLIGHT);

    /** What a row expects: the cell moves to a state, stays as it is, or the input is refused. */
    sealed interface Outcome {}

    record MovesTo(CellState to) implements Outcome {}

    record Stays() implements Outcome {}

    record Refused() implements Outcome {}

    record Row(CellState state, CellInput input, Outcome outcome) {
        @Override
        public String toString() {
            return state + " + " + input + " -> " + outcome;
        }
    }

    private static Row row(CellState state, CellInput input, Outcome outcome) {
        return new Row(state, input, outcome);
    }

    private static Outcome moves(CellState to) {
        return new MovesTo(to);
    }

    private static Outcome stays() {
        return new Stays();
    }

    private static Outcome illegal() {
        return new Refused();
    }

    static List<Row> table() {
        return List.of(
                // An up step starts on a migration that is not applied (first try or retry after a failure).
                row(PENDING, START_UP, moves(RUNNING)),
                row(RUNNING, START_UP, stays()),
                row(APPLIED, START_UP, illegal()),
                row(FAILED, START_UP, moves(RUNNING)),
                row(DIRTY, START_UP, illegal()),
                row(CHECKSUM_MISMATCH, START_UP, illegal()),
                row(UNKNOWN, START_UP, illegal()),
                // A down step starts only on an applied migration.
                row(PENDING, START_DOWN, illegal()),
                row(RUNNING, START_DOWN, stays()),
                row(APPLIED, START_DOWN, moves(RUNNING)),
                row(FAILED, START_DOWN, illegal()),
                row(DIRTY, START_DOWN, illegal()),
                row(CHECKSUM_MISMATCH, START_DOWN, illegal()),
                row(UNKNOWN, START_DOWN, illegal()),
                // An up step succeeded; from PENDING without StepStarted when the agent found it already applied.
                row(PENDING, SUCCEED_UP, moves(APPLIED)),
                row(RUNNING, SUCCEED_UP, moves(APPLIED)),
                row(APPLIED, SUCCEED_UP, stays()),
                row(FAILED, SUCCEED_UP, moves(APPLIED)),
                row(DIRTY, SUCCEED_UP, illegal()),
                row(CHECKSUM_MISMATCH, SUCCEED_UP, illegal()),
                row(UNKNOWN, SUCCEED_UP, illegal()),
                // A down step succeeded: the migration is no longer applied.
                row(PENDING, SUCCEED_DOWN, stays()),
                row(RUNNING, SUCCEED_DOWN, moves(PENDING)),
                row(APPLIED, SUCCEED_DOWN, moves(PENDING)),
                // A down step that found nothing to undo keeps the record of the failed up attempt.
                row(FAILED, SUCCEED_DOWN, stays()),
                row(DIRTY, SUCCEED_DOWN, illegal()),
                row(CHECKSUM_MISMATCH, SUCCEED_DOWN, illegal()),
                row(UNKNOWN, SUCCEED_DOWN, illegal()),
                // An up step failed and PostgreSQL rolled it back: the migration is not applied.
                row(PENDING, FAIL_UP, moves(FAILED)),
                row(RUNNING, FAIL_UP, moves(FAILED)),
                row(APPLIED, FAIL_UP, stays()),
                row(FAILED, FAIL_UP, stays()),
                row(DIRTY, FAIL_UP, stays()),
                row(CHECKSUM_MISMATCH, FAIL_UP, stays()),
                row(UNKNOWN, FAIL_UP, illegal()),
                // A down step failed and was rolled back: the migration is as it was (still applied, or still not); an
                // applied one says its revert failed, whether its start was reported or not (a quick step reports
                // only its outcome).
                row(PENDING, FAIL_DOWN, stays()),
                row(RUNNING, FAIL_DOWN, moves(REVERT_FAILED)),
                row(APPLIED, FAIL_DOWN, moves(REVERT_FAILED)),
                row(FAILED, FAIL_DOWN, stays()),
                row(DIRTY, FAIL_DOWN, stays()),
                row(CHECKSUM_MISMATCH, FAIL_DOWN, stays()),
                row(UNKNOWN, FAIL_DOWN, illegal()),
                // A non-transactional step died half-way: the tenant needs a repair, whatever the cell was.
                row(PENDING, FAIL_UP_DIRTY, moves(DIRTY)),
                row(RUNNING, FAIL_UP_DIRTY, moves(DIRTY)),
                row(APPLIED, FAIL_UP_DIRTY, moves(DIRTY)),
                row(FAILED, FAIL_UP_DIRTY, moves(DIRTY)),
                row(DIRTY, FAIL_UP_DIRTY, stays()),
                row(CHECKSUM_MISMATCH, FAIL_UP_DIRTY, moves(DIRTY)),
                // A cell code written by a newer build is left alone by every step event.
                row(UNKNOWN, FAIL_UP_DIRTY, illegal()),
                row(PENDING, FAIL_DOWN_DIRTY, moves(DIRTY)),
                row(RUNNING, FAIL_DOWN_DIRTY, moves(DIRTY)),
                row(APPLIED, FAIL_DOWN_DIRTY, moves(DIRTY)),
                row(FAILED, FAIL_DOWN_DIRTY, moves(DIRTY)),
                row(DIRTY, FAIL_DOWN_DIRTY, stays()),
                row(CHECKSUM_MISMATCH, FAIL_DOWN_DIRTY, moves(DIRTY)),
                row(UNKNOWN, FAIL_DOWN_DIRTY, illegal()),
                // The history has this version with another checksum: the tenant stops until a repair.
                row(PENDING, FAIL_UP_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(RUNNING, FAIL_UP_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(APPLIED, FAIL_UP_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(FAILED, FAIL_UP_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(DIRTY, FAIL_UP_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(CHECKSUM_MISMATCH, FAIL_UP_MISMATCH, stays()),
                row(UNKNOWN, FAIL_UP_MISMATCH, illegal()),
                row(PENDING, FAIL_DOWN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(RUNNING, FAIL_DOWN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(APPLIED, FAIL_DOWN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(FAILED, FAIL_DOWN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(DIRTY, FAIL_DOWN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(CHECKSUM_MISMATCH, FAIL_DOWN_MISMATCH, stays()),
                row(UNKNOWN, FAIL_DOWN_MISMATCH, illegal()),
                // Dirty wins over mismatch: a half-applied step is the more urgent repair.
                row(PENDING, FAIL_UP_DIRTY_MISMATCH, moves(DIRTY)),
                row(RUNNING, FAIL_UP_DIRTY_MISMATCH, moves(DIRTY)),
                row(APPLIED, FAIL_UP_DIRTY_MISMATCH, moves(DIRTY)),
                row(FAILED, FAIL_UP_DIRTY_MISMATCH, moves(DIRTY)),
                row(DIRTY, FAIL_UP_DIRTY_MISMATCH, stays()),
                row(CHECKSUM_MISMATCH, FAIL_UP_DIRTY_MISMATCH, moves(DIRTY)),
                row(UNKNOWN, FAIL_UP_DIRTY_MISMATCH, illegal()),
                row(PENDING, FAIL_DOWN_DIRTY_MISMATCH, moves(DIRTY)),
                row(RUNNING, FAIL_DOWN_DIRTY_MISMATCH, moves(DIRTY)),
                row(APPLIED, FAIL_DOWN_DIRTY_MISMATCH, moves(DIRTY)),
                row(FAILED, FAIL_DOWN_DIRTY_MISMATCH, moves(DIRTY)),
                row(DIRTY, FAIL_DOWN_DIRTY_MISMATCH, stays()),
                row(CHECKSUM_MISMATCH, FAIL_DOWN_DIRTY_MISMATCH, moves(DIRTY)),
                row(UNKNOWN, FAIL_DOWN_DIRTY_MISMATCH, illegal()),
                // A cancelled step leaves the migration as it was: an up step not applied, a revert not done.
                row(PENDING, CANCEL_UP, stays()),
                row(RUNNING, CANCEL_UP, moves(PENDING)),
                row(APPLIED, CANCEL_UP, stays()),
                row(FAILED, CANCEL_UP, stays()),
                row(DIRTY, CANCEL_UP, stays()),
                row(CHECKSUM_MISMATCH, CANCEL_UP, stays()),
                row(UNKNOWN, CANCEL_UP, illegal()),
                row(PENDING, CANCEL_DOWN, stays()),
                row(RUNNING, CANCEL_DOWN, moves(APPLIED)),
                row(APPLIED, CANCEL_DOWN, stays()),
                row(FAILED, CANCEL_DOWN, stays()),
                row(DIRTY, CANCEL_DOWN, stays()),
                row(CHECKSUM_MISMATCH, CANCEL_DOWN, stays()),
                row(UNKNOWN, CANCEL_DOWN, illegal()),
                // The history does not have it, and no run is in flight: a RUNNING cell is a step whose agent died
                // (PostgreSQL rolled it back); FAILED already says "not applied".
                row(PENDING, SEEN_ABSENT, stays()),
                row(RUNNING, SEEN_ABSENT, moves(PENDING)),
                row(APPLIED, SEEN_ABSENT, moves(PENDING)),
                row(FAILED, SEEN_ABSENT, stays()),
                row(DIRTY, SEEN_ABSENT, moves(PENDING)),
                row(CHECKSUM_MISMATCH, SEEN_ABSENT, moves(PENDING)),
                row(UNKNOWN, SEEN_ABSENT, moves(PENDING)),
                // The history has it with the catalog's checksum: the source of truth wins (also after a repair).
                row(PENDING, SEEN_APPLIED, moves(APPLIED)),
                row(RUNNING, SEEN_APPLIED, moves(APPLIED)),
                row(APPLIED, SEEN_APPLIED, stays()),
                row(FAILED, SEEN_APPLIED, moves(APPLIED)),
                row(DIRTY, SEEN_APPLIED, moves(APPLIED)),
                row(CHECKSUM_MISMATCH, SEEN_APPLIED, moves(APPLIED)),
                row(UNKNOWN, SEEN_APPLIED, moves(APPLIED)),
                // The history marks it dirty.
                row(PENDING, SEEN_DIRTY, moves(DIRTY)),
                row(RUNNING, SEEN_DIRTY, moves(DIRTY)),
                row(APPLIED, SEEN_DIRTY, moves(DIRTY)),
                row(FAILED, SEEN_DIRTY, moves(DIRTY)),
                row(DIRTY, SEEN_DIRTY, stays()),
                row(CHECKSUM_MISMATCH, SEEN_DIRTY, moves(DIRTY)),
                row(UNKNOWN, SEEN_DIRTY, moves(DIRTY)),
                // The history has it with another checksum.
                row(PENDING, SEEN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(RUNNING, SEEN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(APPLIED, SEEN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(FAILED, SEEN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(DIRTY, SEEN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(CHECKSUM_MISMATCH, SEEN_MISMATCH, stays()),
                row(UNKNOWN, SEEN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                // A run is in flight: the only difference is that a RUNNING cell may be mid-step, its history row not
                // committed yet (an up step looks absent, a down step looks applied), so it stays RUNNING.
                row(PENDING, SEEN_ABSENT_IN_FLIGHT, stays()),
                row(RUNNING, SEEN_ABSENT_IN_FLIGHT, stays()),
                row(APPLIED, SEEN_ABSENT_IN_FLIGHT, moves(PENDING)),
                row(FAILED, SEEN_ABSENT_IN_FLIGHT, stays()),
                row(DIRTY, SEEN_ABSENT_IN_FLIGHT, moves(PENDING)),
                row(CHECKSUM_MISMATCH, SEEN_ABSENT_IN_FLIGHT, moves(PENDING)),
                row(UNKNOWN, SEEN_ABSENT_IN_FLIGHT, moves(PENDING)),
                row(PENDING, SEEN_APPLIED_IN_FLIGHT, moves(APPLIED)),
                row(RUNNING, SEEN_APPLIED_IN_FLIGHT, stays()),
                row(APPLIED, SEEN_APPLIED_IN_FLIGHT, stays()),
                row(FAILED, SEEN_APPLIED_IN_FLIGHT, moves(APPLIED)),
                row(DIRTY, SEEN_APPLIED_IN_FLIGHT, moves(APPLIED)),
                row(CHECKSUM_MISMATCH, SEEN_APPLIED_IN_FLIGHT, moves(APPLIED)),
                row(UNKNOWN, SEEN_APPLIED_IN_FLIGHT, moves(APPLIED)),
                row(PENDING, SEEN_DIRTY_IN_FLIGHT, moves(DIRTY)),
                row(RUNNING, SEEN_DIRTY_IN_FLIGHT, moves(DIRTY)),
                row(APPLIED, SEEN_DIRTY_IN_FLIGHT, moves(DIRTY)),
                row(FAILED, SEEN_DIRTY_IN_FLIGHT, moves(DIRTY)),
                row(DIRTY, SEEN_DIRTY_IN_FLIGHT, stays()),
                row(CHECKSUM_MISMATCH, SEEN_DIRTY_IN_FLIGHT, moves(DIRTY)),
                row(UNKNOWN, SEEN_DIRTY_IN_FLIGHT, moves(DIRTY)),
                row(PENDING, SEEN_MISMATCH_IN_FLIGHT, moves(CHECKSUM_MISMATCH)),
                row(RUNNING, SEEN_MISMATCH_IN_FLIGHT, moves(CHECKSUM_MISMATCH)),
                row(APPLIED, SEEN_MISMATCH_IN_FLIGHT, moves(CHECKSUM_MISMATCH)),
                row(FAILED, SEEN_MISMATCH_IN_FLIGHT, moves(CHECKSUM_MISMATCH)),
                row(DIRTY, SEEN_MISMATCH_IN_FLIGHT, moves(CHECKSUM_MISMATCH)),
                row(CHECKSUM_MISMATCH, SEEN_MISMATCH_IN_FLIGHT, stays()),
                row(UNKNOWN, SEEN_MISMATCH_IN_FLIGHT, moves(CHECKSUM_MISMATCH)),
                // Applied, and its last revert failed: it behaves as applied, keeps saying so until the history or
                // a step says otherwise, and its revert may be retried.
                row(REVERT_FAILED, START_UP, illegal()),
                row(REVERT_FAILED, START_DOWN, moves(RUNNING)),
                row(REVERT_FAILED, SUCCEED_UP, moves(APPLIED)),
                row(REVERT_FAILED, SUCCEED_DOWN, moves(PENDING)),
                row(REVERT_FAILED, FAIL_UP, stays()),
                row(REVERT_FAILED, FAIL_DOWN, stays()),
                row(REVERT_FAILED, FAIL_UP_DIRTY, moves(DIRTY)),
                row(REVERT_FAILED, FAIL_DOWN_DIRTY, moves(DIRTY)),
                row(REVERT_FAILED, FAIL_UP_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(REVERT_FAILED, FAIL_DOWN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(REVERT_FAILED, FAIL_UP_DIRTY_MISMATCH, moves(DIRTY)),
                row(REVERT_FAILED, FAIL_DOWN_DIRTY_MISMATCH, moves(DIRTY)),
                row(REVERT_FAILED, CANCEL_UP, stays()),
                row(REVERT_FAILED, CANCEL_DOWN, stays()),
                row(REVERT_FAILED, SEEN_ABSENT, moves(PENDING)),
                row(REVERT_FAILED, SEEN_APPLIED, stays()),
                row(REVERT_FAILED, SEEN_DIRTY, moves(DIRTY)),
                row(REVERT_FAILED, SEEN_MISMATCH, moves(CHECKSUM_MISMATCH)),
                row(REVERT_FAILED, SEEN_ABSENT_IN_FLIGHT, moves(PENDING)),
                row(REVERT_FAILED, SEEN_APPLIED_IN_FLIGHT, stays()),
                row(REVERT_FAILED, SEEN_DIRTY_IN_FLIGHT, moves(DIRTY)),
                row(REVERT_FAILED, SEEN_MISMATCH_IN_FLIGHT, moves(CHECKSUM_MISMATCH)));
    }

    static Stream<Row> rows() {
        return table().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldGiveTheTabulatedTransitionWhenAnInputReachesACell(Row row) {
        // given
        CellState state = row.state();

        // when
        Transition transition = CellMachine.next(state, row.input());

        // then
        assertOutcome(transition, row.outcome(), state);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldChangeNothingWhenTheSameInputIsAppliedTwice(Row row) {
        // given
        Transition first = CellMachine.next(row.state(), row.input());
        CellState afterFirst = first instanceof Transition.Moved moved ? moved.to() : row.state();

        // when
        Transition second = CellMachine.next(afterFirst, row.input());

        // then
        if (first instanceof Transition.Illegal) {
            assertThat(second).isInstanceOf(Transition.Illegal.class);
        } else {
            assertThat(second).isEqualTo(new Transition.Unchanged());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldGiveTheSameTransitionWhenAskedAgainWithTheSameStateAndInput(Row row) {
        // given
        Transition first = CellMachine.next(row.state(), row.input());

        // when
        Transition again = CellMachine.next(row.state(), row.input());

        // then
        assertThat(again).isEqualTo(first);
    }

    @Test
    void shouldListEveryStateAndInputPairExactlyOnceWhenTheTableIsComplete() {
        // given
        Set<List<Object>> expected = new HashSet<>();
        for (CellState state : CellState.values()) {
            for (CellInput input : INPUTS) {
                expected.add(List.of(state, input));
            }
        }

        // when
        List<List<Object>> listed = new ArrayList<>();
        for (Row row : table()) {
            listed.add(List.of(row.state(), row.input()));
        }

        // then
        assertThat(listed).doesNotHaveDuplicates();
        assertThat(Set.copyOf(listed)).isEqualTo(expected);
        assertThat(listed).hasSize(CellState.values().length * INPUTS.size());
    }

    @Test
    void shouldNameTheCellStateWhenAnInputIsRefused() {
        // given
        CellState state = CHECKSUM_MISMATCH;

        // when
        Transition transition = CellMachine.next(state, START_UP);

        // then
        assertThat(transition).isInstanceOfSatisfying(Transition.Illegal.class, illegal -> assertThat(illegal.reason())
                .contains("repair")
                .contains("CHECKSUM_MISMATCH"));
    }

    private static void assertOutcome(Transition transition, Outcome expected, CellState state) {
        switch (expected) {
            case MovesTo movesTo -> assertThat(transition).isEqualTo(new Transition.Moved(movesTo.to()));
            case Stays stays -> assertThat(transition).isEqualTo(new Transition.Unchanged());
            case Refused refused ->
                assertThat(transition)
                        .isInstanceOfSatisfying(Transition.Illegal.class, illegal -> assertThat(illegal.reason())
                                .contains(state.name()));
        }
    }
}
