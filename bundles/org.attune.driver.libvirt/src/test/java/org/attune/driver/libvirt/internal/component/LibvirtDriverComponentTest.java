package org.attune.driver.libvirt.internal.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.attune.api.Availability;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.PowerProfile;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.probe.Probe;
import org.attune.driver.libvirt.internal.config.Configs;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The components as DS drives them: construct, bind, unbind, deactivate; with a recording BundleContext.
 *
 * <p>Needs libvirt installed: libvirt-java opens the test driver (test:///) through the native library.
 */
@SystemTest
class LibvirtDriverComponentTest {

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
                                r.unregistered = true;
                                return null;
                            }
                            throw new UnsupportedOperationException(m.getName());
                        });
            });

    private static LibvirtHostComponent host(String fileName, Map<String, ?> config) {
        return new LibvirtHostComponent(Configs.host(config),
                Map.of("service.pid", LibvirtHostComponent.PID + "~" + fileName));
    }

    @Test
    void registersDriverAndProbeAndFollowsHostConfigurations() {
        LibvirtDriverComponent component = new LibvirtDriverComponent(context);
        try {
            assertThat(registrations).hasSize(2);
            Registration d = registrations.get(0);
            Registration p = registrations.get(1);
            assertThat(d.type).isEqualTo(HypervisorDriver.class);
            assertThat(d.properties.get(HypervisorDriver.TYPE)).isEqualTo("libvirt");
            assertThat(d.properties.get(LibvirtDriverComponent.DRIVER_ID)).isEqualTo("libvirt");
            assertThat(((HypervisorDriver) d.service).id()).isEqualTo("libvirt");
            assertThat(p.type).isEqualTo(Probe.class);
            assertThat(p.properties.get(Probe.NAME)).isEqualTo("cpu");
            assertThat((String[]) p.properties.get(Probe.METRIC))
                    .containsExactly(Metrics.CPU_UTILIZATION, Metrics.CPU_DEMAND);
            HypervisorDriver driver = (HypervisorDriver) d.service;

            // etc/org.attune.driver.libvirt-alpha.cfg: the name comes from the file.
            LibvirtHostComponent alpha = host("alpha", Map.of("uri", "test:///default", "pollIntervalSeconds", "1"));
            component.bindHost(alpha);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(driver.inventory().hosts()).extracting(Host::id).containsExactly("alpha");
                assertThat(driver.inventory().hosts().get(0).availability()).isEqualTo(Availability.ONLINE);
                assertThat(driver.inventory().guests()).hasSize(1);
            });

            // A configuration with shell metacharacters in its name is refused, visibly, and harms nothing.
            LibvirtHostComponent evil = host("evil", Map.of("name", "$(reboot)", "uri", "test:///default"));
            assertThat(evil.definition().isValid()).isFalse();
            component.bindHost(evil);
            assertThat(driver.status().problems()).singleElement().asString()
                    .contains("host config org.attune.driver.libvirt~evil").contains("invalid host name '$(reboot)'");
            assertThat(driver.inventory().hosts()).hasSize(1);
            component.unbindHost(evil);
            assertThat(driver.status().problems()).isEmpty();

            // Deleting the file takes the host out.
            component.unbindHost(alpha);
            assertThat(driver.inventory().hosts()).isEmpty();
            assertThat(driver.inventory().guests()).isEmpty();
        } finally {
            component.deactivate();
        }
        assertThat(registrations).allMatch(r -> r.unregistered);
    }

    @Test
    void aHostConfigurationCarriesItsPowerProfileAndABadPowerValueIsAProblemNamingTheFile() {
        LibvirtDriverComponent component = new LibvirtDriverComponent(context);
        try {
            HypervisorDriver driver = (HypervisorDriver) registrations.get(0).service;
            component.bindHost(host("alpha", Map.of("uri", "test:///default", "pollIntervalSeconds", "1",
                    "powerTable", "86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117",
                    "bootTime", "240", "bootWatts", "110", "shutdownTime", "20")));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(driver.inventory().hosts())
                    .singleElement().satisfies(h -> assertThat(h.availability()).isEqualTo(Availability.ONLINE)));
            PowerProfile p = driver.inventory().hosts().get(0).powerProfile();
            assertThat(p.known()).isTrue();
            assertThat(p.idleWatts()).isEqualTo(86);
            assertThat(p.maxWatts()).isEqualTo(117);
            assertThat(p.bootTime()).isEqualTo(Duration.ofMinutes(4));
            assertThat(p.bootWatts()).isEqualTo(110);
            assertThat(p.shutdownTime()).isEqualTo(Duration.ofSeconds(20));
            assertThat(p.shutdownWatts()).isEqualTo(86);

            // As Karaf's File Install delivers etc/org.attune.driver.libvirt-beta.cfg with a typo.
            LibvirtHostComponent beta = new LibvirtHostComponent(Configs.host(Map.of("uri", "test:///default",
                    "idleWatts", "70", "maxWatts", "14O")), Map.of("service.pid", LibvirtHostComponent.PID + "~beta",
                    "felix.fileinstall.filename", "file:/opt/attune/etc/org.attune.driver.libvirt-beta.cfg"));
            component.bindHost(beta);
            assertThat(driver.status().problems()).containsExactly("host config org.attune.driver.libvirt~beta "
                    + "(/opt/attune/etc/org.attune.driver.libvirt-beta.cfg): maxWatts must be watts from 0 to 100000, "
                    + "was '14O'");
            assertThat(driver.inventory().hosts()).extracting(Host::id).containsExactly("alpha");
        } finally {
            component.deactivate();
        }
    }
}

