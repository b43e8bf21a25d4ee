package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.Mode;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mode and policy are runtime state of their own: commands change them without touching the configuration, they
 * survive a restart, and a configuration whose mode or policy changed still wins.
 */
class RuntimeStateTest extends EngineTestSupport {

    @TempDir
    Path dir;

    private static final OrchestratorSettings CONFIGURED = OrchestratorSettings.defaults(); // automatic, threshold

    private OrchestratorEngine start(OrchestratorSettings configured) {
        OrchestratorEngine e = engine(configured, false, RuntimeStateStore.file(dir.resolve("state.properties")));
        e.plugins().addPolicy(policy("threshold", v -> List.of()), "threshold", "t");
        e.plugins().addPolicy(policy("energy", v -> List.of()), "energy", "t");
        return e;
    }

    @Test
    void commandsSurviveARestart() throws IOException {
        OrchestratorEngine first = start(CONFIGURED);
        first.setMode(Mode.RECOMMEND);
        first.usePolicy("energy");
        first.stop();
        assertThat(Files.readString(dir.resolve("state.properties"))).contains("mode = recommend", "policy = energy",
                "configuration.mode = automatic", "configuration.policy = threshold");

        OrchestratorEngine second = start(CONFIGURED);
        assertThat(second.mode()).isEqualTo(Mode.RECOMMEND);
        assertThat(second.activePolicy()).isEqualTo("energy");
        assertThat(entries(second, Kind.MODE_CHANGED)).isEmpty();
    }

    @Test
    void aConfigurationChangedWhileDownWinsAtStart() {
        OrchestratorEngine first = start(CONFIGURED);
        first.setMode(Mode.RECOMMEND);
        first.usePolicy("energy");
        first.stop();

        // The file now says mode off; its policy did not change, so the command's choice stays.
        OrchestratorEngine second = start(CONFIGURED.withMode(Mode.OFF));
        assertThat(second.mode()).isEqualTo(Mode.OFF);
        assertThat(second.activePolicy()).isEqualTo("energy");
        assertThat(entries(second, Kind.MODE_CHANGED)).singleElement().satisfies(e -> assertThat(e.fields())
                .containsEntry(Fact.FROM, "recommend").containsEntry(Fact.TO, "off")
                .containsEntry(Fact.INITIATOR, JournalEvent.CONFIGURATION));
        second.usePolicy("threshold");
        second.stop();

        // The file's policy changed too (threshold -> energy): it wins over the command's threshold; its mode did
        // not change since it was recorded, so off stays.
        OrchestratorEngine third = start(CONFIGURED.withMode(Mode.OFF).withPolicy("energy"));
        assertThat(third.mode()).isEqualTo(Mode.OFF);
        assertThat(third.activePolicy()).isEqualTo("energy");
        third.setMode(Mode.AUTOMATIC);
        third.stop();

        // Once recorded, the same configuration does not undo a later command.
        OrchestratorEngine fourth = start(CONFIGURED.withMode(Mode.OFF).withPolicy("energy"));
        assertThat(fourth.mode()).isEqualTo(Mode.AUTOMATIC);
        assertThat(fourth.activePolicy()).isEqualTo("energy");
    }

    @Test
    void aConfigurationUpdateAppliesModeAndPolicyOnlyWhenTheyChanged() {
        OrchestratorEngine e = start(CONFIGURED);
        e.setMode(Mode.OFF);
        e.usePolicy("energy");

        // The same file pushed again, another key changed: the commands' choices stay.
        e.updateSettings(CONFIGURED.withCooldown(7));
        assertThat(e.mode()).isEqualTo(Mode.OFF);
        assertThat(e.activePolicy()).isEqualTo("energy");
        assertThat(e.settings().cooldownCycles()).isEqualTo(7);

        // The file's mode changed: it applies, and says where it came from.
        e.updateSettings(CONFIGURED.withMode(Mode.RECOMMEND));
        assertThat(e.mode()).isEqualTo(Mode.RECOMMEND);
        assertThat(e.activePolicy()).isEqualTo("energy");
        assertThat(entries(e, Kind.MODE_CHANGED)).last().satisfies(x -> {
            assertThat(x.fields()).containsEntry(Fact.FROM, "off").containsEntry(Fact.TO, "recommend")
                    .containsEntry(Fact.INITIATOR, JournalEvent.CONFIGURATION);
            assertThat(x.message()).isEqualTo("mode off -> recommend (configuration)");
        });

        e.updateSettings(CONFIGURED.withMode(Mode.RECOMMEND).withPolicy("nonesuch"));
        assertThat(e.activePolicy()).isEmpty();
        assertThat(e.status().configuredPolicy()).isEqualTo("nonesuch");
        assertThat(entries(e, Kind.POLICY_CHANGED)).last().satisfies(x -> {
            assertThat(x.fields()).containsEntry(Fact.FROM, "energy").containsEntry(Fact.TO, "nonesuch")
                    .containsEntry(Fact.INITIATOR, JournalEvent.CONFIGURATION);
            assertThat(x.message()).isEqualTo("policy energy -> nonesuch (configuration); not installed, monitoring "
                    + "only until it is");
        });
    }

    @Test
    void anUnreadableStateFileIsReportedAndTheConfigurationApplies() throws IOException {
        Files.writeString(dir.resolve("state.properties"), "mode = sometimes\npolicy = energy\n");
        OrchestratorEngine e = start(CONFIGURED.withMode(Mode.RECOMMEND));
        assertThat(e.mode()).isEqualTo(Mode.RECOMMEND);
        assertThat(entries(e, Kind.ERROR)).singleElement().satisfies(x ->
                assertThat(x.text(Fact.PROBLEM).orElseThrow()).contains("state.properties is not readable: mode 'sometimes' is not one of [off, recommend, automatic]"));
        assertThat(Files.readString(dir.resolve("state.properties"))).contains("mode = recommend");
    }

    @Test
    void theFileStoreRoundTripsAndIsEmptyWhenMissing() throws IOException {
        RuntimeStateStore store = RuntimeStateStore.file(dir.resolve("sub/state.properties"));
        assertThat(store.load()).isEmpty();
        RuntimeState s = new RuntimeState(Mode.OFF, "odd=name#1", Mode.AUTOMATIC, "threshold");
        store.save(s);
        assertThat(store.load()).hasValue(s);
        assertThat(RuntimeStateStore.memory().load()).isEmpty();
        Files.writeString(dir.resolve("sub/state.properties"), "mode = off\n");
        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("policy is missing");
    }
}
