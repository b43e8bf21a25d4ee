package org.attune.provision.dhcp.internal;

import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;

/** A provisioner that hands every call to a {@link DnsmasqProvisioner} (keeps the DS class free of logic). */
abstract class ForwardingProvisioner implements Provisioner {

    private final DnsmasqProvisioner delegate;

    ForwardingProvisioner(DnsmasqProvisioner delegate) {
        this.delegate = delegate;
    }

    DnsmasqProvisioner delegate() {
        return delegate;
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

    @Override
    public void rollback(Guest guest) throws ProvisioningException {
        delegate.rollback(guest);
    }

    @Override
    public void migrated(Guest guest, String fromHostId, String toHostId) throws ProvisioningException {
        delegate.migrated(guest, fromHostId, toHostId);
    }
}
