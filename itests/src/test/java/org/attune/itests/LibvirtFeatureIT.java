package org.attune.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.util.Map;
import java.util.Optional;

import org.attune.api.Availability;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.orchestrator.Orchestrator;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The {@code attune-driver-libvirt} feature in the distribution: libvirt-java and JNA load the native libvirt
 * inside OSGi, a factory configuration brings a host in (here libvirt's own {@code test:///default} daemon-less
 * driver, with its predefined guest {@code test}), the shell lists it, and deleting the configuration takes the
 * host out. Migrations on a real multi-host lab are {@code lab.LibvirtLabIT}'s business.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LibvirtFeatureIT extends AttuneKarafTestSupport {

    private static final String HOST = "vtest";

    @Override
    protected Option[] extraOptions() {
        // Nothing should move on its own while the host comes and goes.
        return new Option[] {editConfigurationFilePut("etc/org.attune.orchestrator.cfg", "mode", "off")};
    }

    @Test
    public void aFactoryConfigurationBringsALibvirtHostInAndDeletingItTakesItOut() throws Exception {
        featuresService.installFeature("attune-driver-libvirt");
        assertBundleActive("org.attune.driver.libvirt");
        Orchestrator orchestrator = awaitService(Orchestrator.class, null);

        org.osgi.service.cm.Configuration config = createFactoryConfiguration("org.attune.driver.libvirt", HOST,
                Map.of("name", HOST, "uri", "test:///default", "cpuMipsPerCore", 1000.0));
        await("libvirt host online").atMost(WAIT).untilAsserted(() -> {
            Host host = host(orchestrator).orElseThrow(() -> new AssertionError("no host " + HOST));
            assertEquals(host.detail(), Availability.ONLINE, host.availability());
            Optional<Guest> guest = orchestrator.currentView().guests().stream()
                    .filter(g -> g.name().equals("test")).findFirst();
            assertTrue("the test driver's guest 'test' in the inventory", guest.isPresent());
            assertEquals(host.id(), orchestrator.currentView().hostOf(guest.get().id()));
        });

        String hosts = executeCommand("attune:host-list");
        assertTrue(hosts, hosts.contains(HOST));
        // A guest cannot leave its driver: the simulated hosts are not libvirt's.
        Exception refused = executeFailingCommand("attune:migrate test host1");
        assertTrue(refused.getMessage(), refused.getMessage().contains("test"));

        config.delete();
        await("libvirt host gone").atMost(WAIT).until(() -> host(orchestrator).isEmpty()
                && orchestrator.currentView().guests().stream().noneMatch(g -> g.name().equals("test")));
        assertTrue("the sim cluster is untouched", orchestrator.currentView().host("host1").isPresent());
    }

    private static Optional<Host> host(Orchestrator orchestrator) {
        return orchestrator.currentView().hosts().stream().filter(h -> h.name().equals(HOST)).findFirst();
    }
}
