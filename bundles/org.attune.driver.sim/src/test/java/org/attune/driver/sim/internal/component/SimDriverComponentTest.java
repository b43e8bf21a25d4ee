package org.attune.driver.sim.internal.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.probe.Probe;
import org.attune.driver.sim.internal.config.GuestConfiguration;
import org.attune.driver.sim.internal.config.HostConfiguration;
import org.attune.driver.sim.internal.config.SimDriverConfiguration;
import org.attune.driver.sim.internal.config.TypedConfig;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.engine.SimProbe;
import org.attune.driver.sim.internal.engine.SimTrafficProbe;
import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.power.PowerController;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The component as DS drives it: construct, bind, unbind, deactivate; with a recording BundleContext. */
class SimDriverComponentTest {

    /** One registerService call. */
    static final class Registration {
        final Class<?> type;
        final Object service;
        final Dictionary<String, ?> properties;
        boolean unregistered;

        Registration(Class<?> type, Object service, Dictionary<String, ?> properties) {
            this.type = type;
            this.service = service;
            this.properties = properties;
        }
    }

    private final List<Registration> registrations = new ArrayList<>();

    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                if (!method.getName().equals("registerService")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                @SuppressWarnings("unchecked")
                Registration r = new Registration((Class<?>) args[0], args[1], (Dictionary<String, ?>) args[2]);
                registrations.add(r);
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                        (p, m, a) -> {
                            if (m.getName().equals("unregister")) {
                                if (r.unregistered) {
                                    throw new IllegalStateException("already unregistered");
                                }
                                r.unregistered = true;
                                return null;
                            }
                            throw new UnsupportedOperationException(m.getName());
                        });
            });

    private static SimHostComponent host(String name, Map<String, String> config) {
        return new SimHostComponent(TypedConfig.of(HostConfiguration.class, config),
                Map.of("service.pid", "org.attune.driver.sim.host~" + name));
    }

    private static SimGuestComponent guest(String name, Map<String, String> config) {
        return new SimGuestComponent(TypedConfig.of(GuestConfiguration.class, config),
                Map.of("service.pid", "org.attune.driver.sim.guest~" + name));
    }

    @Test
    void registersTheDriverAndProbeAndFollowsHostAndGuestConfigurations() {
        SimDriverComponent component = new SimDriverComponent(context, TypedConfig.of(SimDriverConfiguration.class,
                Map.of("id", "demo", "speedup", "100", "tickMillis", "10", "clock", "virtual")));
        SimCluster cluster = component.cluster();
        Instant start = cluster.now();

        assertThat(registrations).hasSize(4);
        Registration driver = registrations.get(0);
        assertThat(driver.type).isEqualTo(HypervisorDriver.class);
        assertThat(driver.service).isSameAs(cluster);
        assertThat(driver.properties.get(HypervisorDriver.TYPE)).isEqualTo("sim");
        assertThat(driver.properties.get(SimDriverComponent.DRIVER_ID)).isEqualTo("demo");
        Registration probe = registrations.get(1);
        assertThat(probe.type).isEqualTo(Probe.class);
        assertThat(probe.service).isInstanceOf(SimProbe.class);
        assertThat(probe.properties.get(Probe.NAME)).isEqualTo("sim");
        assertThat((String[]) probe.properties.get(Probe.METRIC))
                .containsExactly("cpu.utilization", "cpu.demand", "power.watts");
        Registration traffic = registrations.get(2);
        assertThat(traffic.service).isInstanceOf(SimTrafficProbe.class);
        assertThat(traffic.properties.get(Probe.NAME)).isEqualTo("sim-traffic");
        Registration power = registrations.get(3);
        assertThat(power.type).isEqualTo(PowerController.class);
        assertThat(power.properties.get(PowerController.TYPE)).isEqualTo("sim");

        // A guest may arrive before its host: it waits, then lands.
        SimGuestComponent web = guest("web", Map.of("host", "h1", "workload", "constant 100"));
        component.bindGuest(web);
        component.bindHost(host("h1", Map.of()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cluster.inventory().guests()).extracting(Guest::name).containsExactly("web");
            assertThat(cluster.hostOf("web")).isEqualTo("h1");
            assertThat(cluster.status().problems()).isEmpty();
            assertThat(cluster.now()).isAfter(start.plusSeconds(10));
        });

        SimGuestComponent bad = guest("bad", Map.of("host", "h1", "workload", "ramp 1"));
        component.bindGuest(bad);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.status().problems())
                .containsExactly("guest config org.attune.driver.sim.guest~bad: workload 'ramp 1': ramp: missing value"
                        + " (expects a start and an end demand, e.g. ramp 100 900 start=30s duration=60s)"));
        component.unbindGuest(bad);
        component.unbindGuest(web);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cluster.inventory().guests()).isEmpty();
            assertThat(cluster.status().problems()).isEmpty();
        });

        component.deactivate();
        assertThat(registrations).allMatch(r -> r.unregistered);
        Instant stopped = cluster.now();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> cluster.now().equals(stopped));
    }

    @Test
    void guestTrafficFromTheConfigurationIsPublishedByTheTrafficProbe_badTrafficRefusesTheGuest() {
        SimDriverComponent component = new SimDriverComponent(context, TypedConfig.of(SimDriverConfiguration.class,
                Map.of("tickMillis", "10")));
        try {
            SimTrafficProbe probe = (SimTrafficProbe) registrations.get(2).service;
            component.bindHost(host("h1", Map.of()));
            component.bindHost(host("h2", Map.of()));
            SimGuestComponent web = guest("web", Map.of("host", "h1", "traffic", "db:2M, ghost:5"));
            component.bindGuest(web);
            component.bindGuest(guest("db", Map.of("host", "h2", "traffic", "web:500k")));
            String webId = GuestSpec.derivedUuid("web").toString();
            String dbId = GuestSpec.derivedUuid("db").toString();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(probe.sample(Instant.EPOCH))
                    .extracting(Sample::subject, Sample::metric, Sample::value)
                    // ghost does not exist: nothing towards it.
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(Subject.guest(webId), Metrics.traffic(dbId), 2e6),
                            org.assertj.core.groups.Tuple.tuple(Subject.guest(dbId), Metrics.traffic(webId), 5e5)));

            component.unbindGuest(web);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(probe.sample(Instant.EPOCH)).isEmpty());

            component.bindGuest(guest("noisy", Map.of("host", "h1", "traffic", "db:lots")));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(component.cluster().status().problems())
                    .containsExactly("guest config org.attune.driver.sim.guest~noisy: traffic entry 'db:lots': rate 'lots'"
                            + " is not a number of bytes per second (suffix k, M or G allowed)"));
            assertThat(component.cluster().inventory().guests()).extracting(Guest::name).containsExactly("db");
        } finally {
            component.deactivate();
        }
    }

    @Test
    void aReconfiguredHostBoundBeforeTheOldOneIsUnboundStays() {
        SimDriverComponent component = new SimDriverComponent(context, TypedConfig.of(SimDriverConfiguration.class,
                Map.of("tickMillis", "10")));
        try {
            SimHostComponent before = host("h1", Map.of("cpus", "2"));
            SimHostComponent after = host("h1", Map.of("cpus", "8"));
            component.bindHost(before);
            component.bindHost(after);
            component.unbindHost(before);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(component.cluster().inventory().hosts())
                    .singleElement().satisfies(h -> assertThat(h.cpus()).isEqualTo(8)));
        } finally {
            component.deactivate();
        }
    }

    @Test
    void badDriverSettingsShowAsAProblemAndTheDefaultsApply() {
        SimDriverComponent component = new SimDriverComponent(context, TypedConfig.of(SimDriverConfiguration.class,
                Map.of("clock", "sundial")));
        try {
            assertThat(component.cluster().status().problems()).singleElement().asString()
                    .startsWith("driver config org.attune.driver.sim: clock 'sundial' is neither scaled nor virtual");
            assertThat(component.cluster().id()).isEqualTo("sim");
        } finally {
            component.deactivate();
        }
    }
}
