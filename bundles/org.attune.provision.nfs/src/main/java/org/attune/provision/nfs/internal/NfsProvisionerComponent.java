package org.attune.provision.nfs.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.provision.nfs.NfsSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One NFS provisioner per factory configuration {@code org.attune.provision.nfs-NAME.cfg}. */
@Component(name = NfsProvisionerComponent.PID, configurationPid = NfsProvisionerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Provisioner.class,
        property = Provisioner.NAME + "=" + GaneshaProvisioner.NAME)
@Designate(ocd = NfsConfiguration.class, factory = true)
public class NfsProvisionerComponent implements Provisioner {

    static final String PID = "org.attune.provision.nfs";

    private static final Logger LOG = LoggerFactory.getLogger(NfsProvisionerComponent.class);

    private final GaneshaProvisioner delegate;

    @Activate
    public NfsProvisionerComponent(NfsConfiguration config) throws IOException {
        delegate = new GaneshaProvisioner(settings(config));
        // spawns the daemons and returns; provisioning waits (bounded) until ganesha answers on D-Bus
        delegate.start();
        LOG.info("NFS provisioner active: {} mode, exports under {} for {}:{}",
                delegate.settings().supervised() ? "supervised" : "external", delegate.settings().basePath(),
                delegate.settings().serverAddress(), delegate.settings().pseudoRoot());
    }

    /**
     * The settings a configuration asks for.
     *
     * @throws IllegalArgumentException naming every bad value
     */
    static NfsSettings settings(NfsConfiguration c) {
        String mode = text(c.mode());
        if (!mode.equals("supervised") && !mode.equals("external")) {
            throw new IllegalArgumentException("mode must be supervised or external, was '" + mode + "'");
        }
        String template = text(c.templateDir());
        return new NfsSettings(mode.equals("supervised"), Path.of(text(c.basePath())),
                template.isEmpty() ? null : Path.of(template), text(c.pseudoRoot()), text(c.serverAddress()),
                text(c.netns()), Path.of(text(c.stateDir())), text(c.dbusAddress()), c.exportIdBase(),
                text(c.ganeshaBinary()));
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    @Deactivate
    void deactivate() {
        delegate.stop();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void provision(Guest guest) throws ProvisioningException {
        delegate.provision(guest);
    }

    @Override
    public Map<String, String> provisionWithFacts(Guest guest) throws ProvisioningException {
        return delegate.provisionWithFacts(guest);
    }

    /** Forwarded: the provisioner's own rollback also deletes a directory that this creation made. */
    @Override
    public void rollback(Guest guest) throws ProvisioningException {
        delegate.rollback(guest);
    }

    @Override
    public void migrated(Guest guest, String fromHostId, String toHostId) throws ProvisioningException {
        delegate.migrated(guest, fromHostId, toHostId);
    }

    @Override
    public void deprovision(Guest guest, boolean deleteData) throws ProvisioningException {
        delegate.deprovision(guest, deleteData);
    }
}
