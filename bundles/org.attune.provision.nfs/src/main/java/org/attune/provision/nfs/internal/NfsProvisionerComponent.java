package org.attune.provision.nfs.internal;

import java.io.IOException;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
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
        delegate = new GaneshaProvisioner(NfsSettings.from(config));
        // spawns the daemons and returns; provisioning waits (bounded) until ganesha answers on D-Bus
        delegate.start();
        LOG.info("NFS provisioner active: {} mode, exports under {} for {}:{}",
                delegate.settings().supervised() ? "supervised" : "external", delegate.settings().basePath(),
                delegate.settings().serverAddress(), delegate.settings().pseudoRoot());
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

    @Override
    public void deprovision(Guest guest, boolean deleteData) throws ProvisioningException {
        delegate.deprovision(guest, deleteData);
    }
}
