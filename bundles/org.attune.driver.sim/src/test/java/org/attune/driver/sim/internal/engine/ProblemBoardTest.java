package org.attune.driver.sim.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProblemBoardTest {

    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private final ProblemBoard board = new ProblemBoard(warnings::add, infos::add);

    @Test
    void aProblemIsLoggedOnceHoweverOftenItIsReported() {
        board.report("host config a", "host config a: cpus must be at least 1", false, 0, 0);
        board.report("host config a", "host config a: cpus must be at least 1", false, 5, 0);
        board.tick(100, 0);
        assertThat(warnings).containsExactly("host config a: cpus must be at least 1");
        assertThat(board.messages()).containsExactly("host config a: cpus must be at least 1");
    }

    @Test
    void aChangedProblemIsLoggedAgainAndAClearedOneSaysSo() {
        board.report("s", "s: one", false, 0, 0);
        board.report("s", "s: two", false, 0, 0);
        board.clear("s", "s: fixed");
        assertThat(warnings).containsExactly("s: one", "s: two");
        assertThat(infos).containsExactly("s: fixed");
        assertThat(board.messages()).isEmpty();
    }

    @Test
    void aWaitingProblemIsLoggedOnlyWhenItOutlivesTheGrace() {
        board.report("g", "g: initial host 'h' is unknown", true, 0, 10);
        board.tick(5, 10);
        assertThat(warnings).isEmpty();
        assertThat(board.messages()).containsExactly("g: initial host 'h' is unknown");
        board.tick(10, 10);
        board.tick(20, 10);
        assertThat(warnings).containsExactly("g: initial host 'h' is unknown");
    }

    @Test
    void aWaitingProblemResolvedWithinTheGraceLeavesNoTrace() {
        board.report("g", "g: waiting", true, 0, 10);
        board.clear("g", "g: admitted");
        board.tick(100, 10);
        assertThat(warnings).isEmpty();
        assertThat(infos).isEmpty();
    }

    @Test
    void problemsAreListedBySource() {
        board.report("b", "b: 2", false, 0, 0);
        board.report("a", "a: 1", false, 0, 0);
        assertThat(board.messages()).containsExactly("a: 1", "b: 2");
    }
}
