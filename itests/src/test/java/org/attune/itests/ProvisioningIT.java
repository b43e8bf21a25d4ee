package org.attune.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.orchestrator.GuestLifecycle;
import org.attune.api.provision.Provisioner;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

/**
 * The provisioning features in the distribution (attune-provision-dhcp, attune-provision-nfs) and the guest
 * lifecycle: a factory configuration brings a provisioner, deleting it removes it; the guest commands explain what
 * is missing and refuse bad input. The real daemons are exercised by the bundles' tests and lab/ProvisionedGuestLabIT.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProvisioningIT extends AttuneKarafTestSupport {

    private static final String DHCP = "(" + Provisioner.NAME + "=dhcp)";

    @Test
    public void dhcpFactoryConfigurationBringsAProvisioner_andDeletingItRemovesIt() throws Exception {
        assertBundleActive("org.attune.provision.dhcp");
        assertBundleActive("org.attune.provision.nfs");
        Path dir = Files.createTempDirectory("attune-dhcp-it");
        Path hosts = dir.resolve("hosts");
        org.osgi.service.cm.Configuration c = createFactoryConfiguration("org.attune.provision.dhcp", "it", Map.of(
                "mode", "external", "poolStart", "10.123.0.10", "poolEnd", "10.123.0.20", "stateDir", dir.toString(),
                "hostsFile", hosts.toString(), "pidFile", dir.resolve("absent.pid").toString()));
        Provisioner dhcp = awaitService(Provisioner.class, DHCP);
        ServiceReference<Provisioner> ref = bundleContext.getServiceReferences(Provisioner.class, DHCP).iterator().next();
        assertEquals(10, ((Number) ref.getProperty(Provisioner.ORDER)).intValue());
        Map<String, String> facts = dhcp.provisionWithFacts(new Guest("", "web1", 1, 128, "52:54:00:00:00:01", "",
                Map.of(), GuestState.STOPPED));
        assertEquals("10.123.0.10", facts.get(Provisioner.LABEL_ADDRESS));
        assertEquals("52:54:00:00:00:01,10.123.0.10,web1\n", Files.readString(hosts));
        c.delete();
        awaitNoService(Provisioner.class, DHCP);
        assertEquals("the reservations outlive the configuration", "52:54:00:00:00:01,10.123.0.10,web1\n",
                Files.readString(hosts));
    }

    @Test
    public void guestCommandsExplainWhatIsMissingAndRefuseBadInput() throws Exception {
        awaitCommand("attune:guest-create");
        Exception e = executeFailingCommand("attune:guest-create web1 --host host1");
        assertTrue(e.getMessage(), e.getMessage().contains("configure etc/org.attune.guests.cfg"));
        updateConfiguration("org.attune.guests", Map.of("kernel", "/boot/none", "network", "br0"));
        awaitService(GuestLifecycle.class, null);
        await().atMost(WAIT).untilAsserted(() -> {
            Exception bad = executeFailingCommand("attune:guest-create \"a;reboot\" --host host1");
            assertTrue(bad.getMessage(), bad.getMessage().contains("invalid guest name 'a;reboot'"));
        });
        e = executeFailingCommand("attune:guest-create web1 --host nowhere");
        assertTrue(e.getMessage(), e.getMessage().contains("unknown host 'nowhere'"));
        // the simulated driver cannot define guests: refused with the driver's reason
        e = executeFailingCommand("attune:guest-create web1 --host host1");
        assertTrue(e.getMessage(), e.getMessage().contains("does not support defining guests"));
        deleteConfiguration("org.attune.guests");
        awaitNoService(GuestLifecycle.class, null);
    }
}
