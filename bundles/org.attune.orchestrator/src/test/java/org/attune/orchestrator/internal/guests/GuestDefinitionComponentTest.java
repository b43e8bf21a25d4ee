package org.attune.orchestrator.internal.guests;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.attune.api.Guest;
import org.attune.api.orchestrator.GuestLifecycle;
import org.attune.api.orchestrator.GuestRequest;
import org.junit.jupiter.api.Test;

/** A guest declared in etc/: created when its configuration appears, destroyed (data kept) only when it is deleted. */
class GuestDefinitionComponentTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final GuestLifecycle lifecycle = new GuestLifecycle() {
        @Override
        public Guest create(GuestRequest request) {
            calls.add("create " + request);
            return null;
        }

        @Override
        public void destroy(String name, boolean deleteData) {
            calls.add("destroy " + name + " " + deleteData);
        }

        @Override
        public List<Guest> guests() {
            return List.of();
        }
    };

    private static GuestDefinitionConfiguration config() {
        return new GuestDefinitionConfiguration() {
            public Class<? extends Annotation> annotationType() { return GuestDefinitionConfiguration.class; }
            public String name() { return "web1"; }
            public String host() { return "hostA"; }
            public String mac() { return "52:54:00:00:00:07"; }
            public String address() { return "10.99.0.107"; }
            public String tier() { return "front"; }
            public long memory() { return 192; }
            public int vcpus() { return 2; }
        };
    }

    /** Waits for the component's background thread to have run everything submitted so far. */
    private static void drain() throws Exception {
        java.util.concurrent.CompletableFuture<Void> marker = new java.util.concurrent.CompletableFuture<>();
        GuestDefinitionComponent.WORKER.execute(() -> marker.complete(null));
        marker.get(10, TimeUnit.SECONDS);
    }

    @Test
    void createdWhenConfiguredAndDestroyedKeepingDataOnlyWhenTheConfigurationIsDeleted() throws Exception {
        GuestDefinitionComponent c = new GuestDefinitionComponent(config(), lifecycle);
        drain();
        assertThat(calls).containsExactly("create " + new GuestRequest("web1", "hostA", 2, 192, "52:54:00:00:00:07",
                "10.99.0.107", "front", java.util.Map.of()));
        c.deactivate(1); // disabled, bundle stopped, Karaf shutting down: the guest stays
        c.deactivate(5);
        drain();
        assertThat(calls).hasSize(1);
        c.deactivate(4); // configuration deleted
        drain();
        assertThat(calls).last().isEqualTo("destroy web1 false");
    }
}
