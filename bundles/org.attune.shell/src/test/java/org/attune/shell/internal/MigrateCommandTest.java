package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult.Outcome;
import org.junit.jupiter.api.Test;

class MigrateCommandTest extends CommandTestSupport {

    private MigrateCommand command(String guest, String host) {
        MigrateCommand command = wire(new MigrateCommand());
        command.guest = guest;
        command.host = host;
        command.setProgressInterval(Duration.ofMillis(5));
        return command;
    }

    @Test
    void followsALiveMigrationToItsEnd() throws Exception {
        List<FakeOrchestrator.FakeJob> jobs = new ArrayList<>();
        orchestrator.jobs = r -> {
            FakeOrchestrator.FakeJob job = FakeOrchestrator.FakeJob.succeeding(r, 3);
            jobs.add(job);
            return job;
        };

        command("app1", "host3").execute();

        assertThat(orchestrator.calls).containsExactly("migrate app1 host3");
        assertThat(orchestrator.migrationOptions).containsExactly(MigrationOptions.live());
        assertThat(jobs.get(0).done()).isTrue();
        assertThat(lines().get(0)).isEqualTo("Migrating app1 from host1 to host3 (live)");
        assertThat(lines()).filteredOn(l -> l.matches("\\s+\\S+ (ms|s)\\s+\\d+%\\s+.* of 2.00 GiB")).hasSize(3);
        assertThat(lines().get(lines().size() - 1))
                .isEqualTo("app1 host1 -> host3: SUCCEEDED in 2.3 s, downtime 35 ms, 2.00 GiB transferred");
    }

    @Test
    void mapsTheOptions() throws Exception {
        MigrateCommand command = command("app1", "host2");
        command.offline = true;
        command.bandwidthMiBps = 100L;
        command.maxDowntimeMillis = 50L;
        command.timeoutSeconds = 30L;

        command.execute();

        MigrationOptions options = orchestrator.migrationOptions.get(0);
        assertThat(options.mode()).isEqualTo(MigrationMode.REGULAR);
        assertThat(options.bandwidthMiBps()).isEqualTo(100);
        assertThat(options.maxDowntime()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(output()).contains("(regular)");
    }

    @Test
    void asyncReturnsWithoutWaiting() throws Exception {
        List<FakeOrchestrator.FakeJob> jobs = new ArrayList<>();
        orchestrator.jobs = r -> {
            FakeOrchestrator.FakeJob job = FakeOrchestrator.FakeJob.succeeding(r, 1000);
            jobs.add(job);
            return job;
        };
        MigrateCommand command = command("app1", "host2");
        command.async = true;

        command.execute();

        assertThat(jobs.get(0).done()).isFalse();
        assertThat(output()).contains("Migrating app1 from host1 to host2", "attune:journal --guest app1")
                .doesNotContain("SUCCEEDED");
    }

    @Test
    void aFailedMigrationIsThrownWithItsDetail() {
        orchestrator.jobs = r -> FakeOrchestrator.FakeJob.ending(r, Outcome.FAILED, "target out of memory", 1);

        assertThatThrownBy(command("app1", "host2")::execute).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("app1").hasMessageContaining("FAILED").hasMessageContaining("target out of memory");
    }

    @Test
    void anAbortedMigrationIsThrown() {
        orchestrator.jobs = r -> FakeOrchestrator.FakeJob.ending(r, Outcome.ABORTED, "timed out after 30 s", 0);

        assertThatThrownBy(command("app1", "host2")::execute).hasMessage("Migration of app1 from host1 to host2 ABORTED after 2.3 s: timed out after 30 s");
    }

    @Test
    void anUnknownGuestIsTheOrchestratorsError() {
        assertThatThrownBy(command("nosuchguest", "host2")::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nosuchguest").hasMessageContaining("app1, app2, front");
        assertThat(output()).isEmpty();
    }

    @Test
    void rejectsNonPositiveLimits() {
        MigrateCommand command = command("app1", "host2");
        command.bandwidthMiBps = 0L;

        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bandwidth");
        assertThat(orchestrator.calls).isEmpty();
    }
}
