package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.orchestrator.GuestLifecycle;
import org.attune.api.orchestrator.GuestRequest;
import org.junit.jupiter.api.Test;

class GuestLifecycleCommandsTest extends CommandTestSupport {

    private final List<Object> received = new ArrayList<>();

    private final GuestLifecycle lifecycle = new GuestLifecycle() {
        @Override
        public Guest create(GuestRequest request) {
            received.add(request);
            return new Guest("uuid-1", request.name(), request.vcpus(), request.memoryMiB(), "52:54:00:00:00:01",
                    request.tier(), Map.of("attune.address", "10.99.0.100", "attune.nfs.server", "10.99.0.1",
                    "attune.nfs.path", "/attune/" + request.name()), GuestState.RUNNING);
        }

        @Override
        public void destroy(String name, boolean deleteData) {
            received.add("destroy " + name + " " + deleteData);
        }

        @Override
        public List<Guest> guests() {
            return List.of();
        }
    };

    @Test
    void createPassesTheOptionsAndPrintsTheProvisionedFacts() throws Exception {
        GuestCreateCommand c = wire(new GuestCreateCommand());
        c.setLifecycle(lifecycle);
        c.name = "web";
        c.host = "hostA";
        c.memory = 256;
        c.vcpus = 2;
        c.tier = "front";
        c.ip = "10.99.0.150";
        c.execute();
        assertThat(received).containsExactly(new GuestRequest("web", "hostA", 2, 256, "", "10.99.0.150", "front",
                Map.of()));
        assertThat(output()).isEqualTo("Created web on hostA: id uuid-1, MAC 52:54:00:00:00:01, address 10.99.0.100,"
                + " files 10.99.0.1:/attune/web" + System.lineSeparator());
    }

    @Test
    void optionsAfterTheNameAreAcceptedAsTheIssueWritesThem() throws Exception {
        GuestCreateCommand c = wire(new GuestCreateCommand());
        c.setLifecycle(lifecycle);
        c.name = "web";
        c.trailing = List.of("--host", "hostB", "--memory", "192", "--vcpus", "2", "--tier", "app", "--ip", "10.99.0.140");
        c.execute();
        assertThat(received).containsExactly(new GuestRequest("web", "hostB", 2, 192, "", "10.99.0.140", "app",
                Map.of()));
        GuestCreateCommand bad = wire(new GuestCreateCommand());
        bad.setLifecycle(lifecycle);
        bad.name = "web";
        bad.trailing = List.of("--host", "hostB", "--memory", "lots");
        assertThatThrownBy(bad::execute).hasMessage("--memory needs a number, was 'lots'");
        bad.trailing = List.of("--hots", "hostB");
        assertThatThrownBy(bad::execute).hasMessageContaining("unknown option '--hots'");
        GuestCreateCommand noHost = wire(new GuestCreateCommand());
        noHost.setLifecycle(lifecycle);
        noHost.name = "web";
        assertThatThrownBy(noHost::execute).hasMessageContaining("--host is required");
        GuestDestroyCommand d = wire(new GuestDestroyCommand());
        d.setLifecycle(lifecycle);
        d.name = "web";
        d.trailing = List.of("--delete-data");
        d.execute();
        assertThat(received).endsWith("destroy web true");
    }

    @Test
    void destroyKeepsDataUnlessAsked() throws Exception {
        GuestDestroyCommand d = wire(new GuestDestroyCommand());
        d.setLifecycle(lifecycle);
        d.name = "web";
        d.execute();
        d.deleteData = true;
        d.execute();
        assertThat(received).containsExactly("destroy web false", "destroy web true");
        assertThat(lines()).containsExactly("Destroyed web (its data is kept)", "Destroyed web and deleted its data");
    }

    @Test
    void withoutALifecycleTheCommandsSayWhatIsMissing() {
        GuestCreateCommand c = wire(new GuestCreateCommand());
        c.name = "web";
        c.host = "hostA";
        assertThatThrownBy(c::execute).hasMessageContaining("configure etc/org.attune.guests.cfg");
        GuestDestroyCommand d = wire(new GuestDestroyCommand());
        d.name = "web";
        assertThatThrownBy(d::execute).hasMessageContaining("configure etc/org.attune.guests.cfg");
    }
}
