package org.attune.orchestrator.internal.guests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.GuestSpec;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.orchestrator.GuestLifecycle;
import org.attune.api.orchestrator.GuestRequest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a guest end to end: every provisioner in ascending order (each one's facts - the DHCP address, the NFS
 * server and path - become labels the next one and the driver see), then the driver defines and starts the guest
 * with a kernel command line telling it to take DHCP and mount its export. A failure at any step undoes the steps
 * already done, in reverse order. Destroy removes the domain, then what the provisioners made, in reverse order.
 *
 * <p>Thread-safe; create and destroy are serialised (each takes about a second: provisioning is milliseconds,
 * defining and starting a domain well under a second).
 */
public class GuestLifecycleService implements GuestLifecycle {

    /** A provisioner and its {@link Provisioner#ORDER}. */
    public record Ordered(Provisioner provisioner, int order) {
    }

    /**
     * How guests boot: a kernel and initrd on every host, a base command line, the bridge their NIC joins and a
     * directory for their serial console logs (null for none).
     */
    public record Boot(String kernel, String initrd, String cmdline, String network, Path consoleDir) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GuestLifecycleService.class);
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private final Supplier<List<HypervisorDriver>> drivers;
    private final Supplier<List<Ordered>> provisioners;
    private final Map<String, Guest> created = new ConcurrentHashMap<>();
    private volatile Boot boot;

    public GuestLifecycleService(Boot boot, Supplier<List<HypervisorDriver>> drivers,
                                 Supplier<List<Ordered>> provisioners) {
        this.boot = boot;
        this.drivers = drivers;
        this.provisioners = provisioners;
    }

    public void setBoot(Boot next) {
        this.boot = next;
    }

    @Override
    public synchronized Guest create(GuestRequest r) throws ProvisioningException, DriverException {
        String name = r.name();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid guest name '" + printable(name) + "': use 1-63 characters of "
                    + "[A-Za-z0-9_-], starting with a letter or digit");
        }
        if (r.vcpus() < 1 || r.vcpus() > 64) {
            throw new IllegalArgumentException("guest " + name + ": vcpus must be 1-64, was " + r.vcpus());
        }
        if (r.memoryMiB() < 64 || r.memoryMiB() > 1 << 20) {
            throw new IllegalArgumentException("guest " + name + ": memory must be 64 MiB - 1 TiB, was " + r.memoryMiB());
        }
        String mac = r.mac().isEmpty() ? derivedMac(name) : r.mac();
        if (!MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("guest " + name + ": invalid MAC '" + printable(mac) + "'");
        }
        mac = mac.toLowerCase(Locale.ROOT);
        HypervisorDriver driver = driverOfHost(r.hostId());
        Optional<String> where = hostOfGuestNamed(name);
        if (where.isPresent()) {
            throw new IllegalArgumentException("guest " + name + " already exists on host " + where.get());
        }
        Map<String, String> labels = new LinkedHashMap<>(r.labels());
        if (!r.address().isEmpty()) {
            labels.put(Provisioner.LABEL_ADDRESS, r.address());
        }
        Guest guest = new Guest("", name, r.vcpus(), r.memoryMiB(), mac, r.tier(), labels, GuestState.STOPPED);
        List<Provisioner> done = new ArrayList<>();
        for (Ordered o : sorted()) {
            Provisioner p = o.provisioner();
            try {
                Map<String, String> facts = p.provisionWithFacts(guest);
                done.add(p);
                if (!facts.isEmpty()) {
                    Map<String, String> next = new LinkedHashMap<>(guest.labels());
                    next.putAll(facts);
                    guest = new Guest("", name, guest.vcpus(), guest.memoryMiB(), mac, guest.tier(), next,
                            GuestState.STOPPED);
                }
            } catch (ProvisioningException | RuntimeException e) {
                rollback(guest, done, e);
                throw e;
            }
        }
        Boot b = boot;
        GuestSpec spec;
        try {
            spec = new GuestSpec(name, guest.vcpus(), guest.memoryMiB(), mac, guest.tier(), guest.labels(),
                    b.kernel(), b.initrd(), cmdline(b, guest), b.network(),
                    b.consoleDir() == null ? "" : b.consoleDir().resolve(name + ".console.log").toString());
        } catch (IllegalArgumentException e) {
            rollback(guest, done, e);
            throw e;
        }
        String id;
        try {
            id = driver.defineGuest(r.hostId(), spec);
        } catch (DriverException | RuntimeException e) {
            rollback(guest, done, e);
            throw e;
        }
        Guest result = new Guest(id, name, guest.vcpus(), guest.memoryMiB(), mac, guest.tier(), guest.labels(),
                GuestState.RUNNING);
        created.put(name, result);
        LOG.info("guest {} created on host {}: {}", name, r.hostId(), guest.labels());
        return result;
    }

    /** The kernel command line: the base one plus what the lab guest's init understands (attune.*). */
    static String cmdline(Boot b, Guest g) {
        StringBuilder c = new StringBuilder(b.cmdline().trim());
        c.append(c.length() > 0 ? " " : "").append("attune.ip=dhcp attune.hostname=").append(g.name());
        String server = g.labels().get(Provisioner.LABEL_NFS_SERVER);
        String path = g.labels().get(Provisioner.LABEL_NFS_PATH);
        if (server != null && path != null) {
            c.append(" attune.nfs=").append(server).append(':').append(path);
        }
        return c.toString();
    }

    private void rollback(Guest guest, List<Provisioner> done, Exception cause) {
        List<Provisioner> reverse = new ArrayList<>(done);
        Collections.reverse(reverse);
        for (Provisioner p : reverse) {
            try {
                // removes what this create made, data it found already there stays
                p.rollback(guest);
            } catch (Exception e) {
                cause.addSuppressed(e);
                LOG.warn("guest {}: rollback of {} failed: {}", guest.name(), p.name(), e.getMessage());
            }
        }
        LOG.info("guest {}: create failed ({}); rolled back {} provisioner(s)", guest.name(), cause.getMessage(),
                done.size());
    }

    @Override
    public synchronized void destroy(String name, boolean deleteData) throws ProvisioningException, DriverException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid guest name '" + printable(name) + "'");
        }
        Guest known = created.get(name);
        Optional<Map.Entry<HypervisorDriver, Guest>> running = guestNamed(name);
        if (known == null && running.isEmpty() && sorted().isEmpty()) {
            throw new IllegalArgumentException("no guest named " + name);
        }
        List<String> errors = new ArrayList<>();
        DriverException driverError = null;
        if (running.isPresent()) {
            try {
                running.get().getKey().undefineGuest(running.get().getValue().id());
            } catch (DriverException e) {
                driverError = e;
                errors.add(e.getMessage());
            }
        }
        Guest g = known != null ? known : running.map(Map.Entry::getValue)
                .orElse(new Guest("", name, 0, 0, "", "", Map.of(), GuestState.STOPPED));
        List<Ordered> reverse = new ArrayList<>(sorted());
        Collections.reverse(reverse);
        for (Ordered o : reverse) {
            try {
                o.provisioner().deprovision(g, deleteData);
            } catch (ProvisioningException | RuntimeException e) {
                errors.add(o.provisioner().name() + ": " + e.getMessage());
            }
        }
        created.remove(name);
        if (!errors.isEmpty()) {
            if (driverError != null && errors.size() == 1) {
                throw driverError;
            }
            throw new ProvisioningException("guest " + name + ": destroyed with errors: " + String.join("; ", errors));
        }
        LOG.info("guest {} destroyed{}", name, deleteData ? " with its data" : "");
    }

    @Override
    public List<Guest> guests() {
        return List.copyOf(created.values());
    }

    private List<Ordered> sorted() {
        List<Ordered> list = new ArrayList<>(provisioners.get());
        list.sort((a, b) -> Integer.compare(a.order(), b.order()));
        return list;
    }

    private HypervisorDriver driverOfHost(String hostId) {
        List<String> known = new ArrayList<>();
        for (HypervisorDriver d : drivers.get()) {
            for (Host h : d.inventory().hosts()) {
                if (h.id().equals(hostId) || h.name().equals(hostId)) {
                    return d;
                }
                known.add(h.id());
            }
        }
        throw new IllegalArgumentException("unknown host '" + printable(hostId) + "' (hosts: "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    }

    private Optional<String> hostOfGuestNamed(String name) {
        return guestNamed(name).map(e -> e.getKey().inventory().placement().getOrDefault(e.getValue().id(), "?"));
    }

    private Optional<Map.Entry<HypervisorDriver, Guest>> guestNamed(String name) {
        for (HypervisorDriver d : drivers.get()) {
            Inventory inv = d.inventory();
            for (Guest g : inv.guests()) {
                if (g.name().equals(name)) {
                    return Optional.of(Map.entry(d, g));
                }
            }
        }
        return Optional.empty();
    }

    /** A stable, locally administered MAC from the name (the lab's scheme: 52:54:00 + md5 of the name). */
    static String derivedMac(String name) {
        try {
            byte[] h = MessageDigest.getInstance("MD5").digest(name.getBytes(StandardCharsets.UTF_8));
            return String.format("52:54:00:%02x:%02x:%02x", h[0] & 255, h[1] & 255, h[2] & 255);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " characters)" : s;
        StringBuilder b = new StringBuilder();
        for (char ch : t.toCharArray()) {
            b.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", (int) ch) : String.valueOf(ch));
        }
        return b.toString();
    }

    /** For tests: the labels the lifecycle would hand the driver. */
    static Map<String, String> copy(Map<String, String> m) {
        return new HashMap<>(m);
    }
}
