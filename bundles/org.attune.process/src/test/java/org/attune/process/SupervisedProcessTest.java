package org.attune.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.attune.testing.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (sleep, sh), killed and restarted. */
@SystemTest
class SupervisedProcessTest {

    @TempDir
    Path dir;

    private SupervisedProcess supervised;

    @AfterEach
    void stop() {
        if (supervised != null) {
            supervised.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aKilledDaemonIsStartedAgainAndStopEndsIt() throws IOException {
        List<Long> started = new CopyOnWriteArrayList<>();
        supervised = new SupervisedProcess("sleeper", List.of("sleep", "60"), Map.of(), dir.resolve("sleeper.log"),
                started::add);
        supervised.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 1);
        long first = supervised.pid();
        assertThat(first).isEqualTo(started.get(0));

        SupervisedProcess.signal(first, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2 && supervised.pid() > 0);
        assertThat(supervised.pid()).isNotEqualTo(first);
        assertThat(supervised.starts()).isEqualTo(2);
        assertThat(supervised.lastFailure()).contains("sleeper exited with status");

        long second = supervised.pid();
        supervised.stop(Duration.ofSeconds(5));
        assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(supervised.pid()).isEqualTo(-1);
        supervised = null;
    }

    @Test
    void theEnvironmentReachesTheDaemonAndItsOutputGoesToTheLog() throws IOException {
        Path log = dir.resolve("echo.log");
        supervised = new SupervisedProcess("echo", List.of("sh", "-c", "echo bus=$BUS; sleep 60"),
                Map.of("BUS", "unix:path=/x"), log, pid -> { });
        supervised.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                && Files.readString(log).contains("bus=unix:path=/x"));
    }

    @Test
    void aMissingBinaryFailsStartAndASignalToNoProcessFailsClearly() {
        supervised = new SupervisedProcess("ghost", List.of(dir.resolve("no-such-daemon").toString()), Map.of(),
                dir.resolve("ghost.log"), pid -> { });
        assertThatThrownBy(supervised::start).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SupervisedProcess.signal(Integer.MAX_VALUE, "HUP"))
                .isInstanceOf(IOException.class).hasMessageContaining("kill -HUP " + Integer.MAX_VALUE);
    }
}
