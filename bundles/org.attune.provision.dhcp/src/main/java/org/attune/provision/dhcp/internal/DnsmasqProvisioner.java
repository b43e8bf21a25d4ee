package org.attune.provision.dhcp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attune.api.Guest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.provision.dhcp.DhcpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.attune.process.SupervisedProcess;

/**
 * DHCP reservations in a dnsmasq hosts file. Provisioning a guest reserves its MAC an address of the pool (the one
 * it asks for with the {@link Provisioner#LABEL_ADDRESS} label, else the first free one) under its name, rewrites
 * the file atomically and sends dnsmasq SIGHUP, which rereads the file without a restart and keeps other leases.
 * Bad input is refused before the file is touched. In supervised mode this class also runs dnsmasq and starts it
 * again when it dies (it reads the hosts file at start, so the reservations are back at once).
 *
 * <p>Thread-safe: changes are serialised.
 */
public final class DnsmasqProvisioner implements Provisioner, AutoCloseable {

    public static final String NAME = "dhcp";

    private static final Logger LOG = LoggerFactory.getLogger(DnsmasqProvisioner.class);

    private final DhcpSettings settings;
    private final long poolStart;
    private final long poolEnd;
    private final HostsFile file;
    private SupervisedProcess dnsmasq;

    public DnsmasqProvisioner(DhcpSettings settings) {
        this.settings = settings;
        this.poolStart = Ipv4.parse(settings.poolStart());
        this.poolEnd = Ipv4.parse(settings.poolEnd());
        this.file = new HostsFile(settings.hostsFile());
    }

    /** Supervised mode: prepares the state directory and starts dnsmasq. External mode: nothing to start. */
    public synchronized void start() throws IOException {
        if (!settings.supervised() || dnsmasq != null) {
            return;
        }
        Files.createDirectories(settings.stateDir());
        if (!Files.exists(settings.hostsFile())) {
            file.write(List.of());
        }
        List<String> cmd = new ArrayList<>();
        if (!settings.netns().isEmpty()) {
            cmd.addAll(List.of("nsenter", "--net=/run/netns/" + settings.netns()));
        }
        cmd.addAll(List.of(settings.dnsmasqBinary(), "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
                "--interface=" + settings.interfaceName(), "--bind-interfaces", "--except-interface=lo",
                "--dhcp-range=" + settings.poolStart() + "," + settings.poolEnd() + ","
                        + settings.netmask() + "," + settings.leaseTime(),
                "--dhcp-authoritative", "--no-ping", "--log-dhcp", "--log-facility=-",
                "--dhcp-hostsfile=" + settings.hostsFile(),
                "--dhcp-leasefile=" + settings.stateDir().resolve("dnsmasq.leases"),
                "--pid-file=" + settings.pidFile()));
        SupervisedProcess p = new SupervisedProcess("dnsmasq", cmd, Map.of(), settings.stateDir().resolve("dnsmasq.log"),
                pid -> { });
        p.start();
        dnsmasq = p;
    }

    /** Stops a supervised dnsmasq (SIGTERM, SIGKILL after 5 s); nothing to do in external mode. Idempotent. */
    public synchronized void stop() {
        if (dnsmasq != null) {
            dnsmasq.stop(Duration.ofSeconds(5));
            dnsmasq = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The supervised dnsmasq's pid, or -1 (also in external mode). */
    public synchronized long supervisedPid() {
        return dnsmasq == null ? -1 : dnsmasq.pid();
    }

    /** How often the supervised dnsmasq was started (1 + restarts), 0 in external mode. */
    public synchronized int supervisedStarts() {
        return dnsmasq == null ? 0 : dnsmasq.starts();
    }

    public DhcpSettings settings() {
        return settings;
    }

    /** The pool as messages show it. */
    String pool() {
        return settings.poolStart() + " - " + settings.poolEnd();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void provision(Guest guest) throws ProvisioningException {
        provisionWithFacts(guest);
    }

    @Override
    public synchronized Map<String, String> provisionWithFacts(Guest guest) throws ProvisioningException {
        String name = guest.name();
        if (!Reservation.HOSTNAME.matcher(name).matches()) {
            throw new ProvisioningException("guest '" + printable(name) + "': not a valid DHCP host name (1-63 "
                    + "characters of [A-Za-z0-9-], not starting or ending with '-')");
        }
        String mac = guest.mac().toLowerCase(java.util.Locale.ROOT);
        if (!Reservation.MAC.matcher(mac).matches()) {
            throw new ProvisioningException("guest " + name + ": invalid MAC '" + printable(guest.mac())
                    + "' (six hex pairs separated by ':')");
        }
        String requested = guest.labels().getOrDefault(LABEL_ADDRESS, "").trim();
        long wanted = -1;
        if (!requested.isEmpty()) {
            wanted = Ipv4.parse(requested);
            if (wanted < 0) {
                throw new ProvisioningException("guest " + name + ": '" + printable(requested)
                        + "' is not an IPv4 address");
            }
            if (wanted < poolStart || wanted > poolEnd) {
                throw new ProvisioningException("guest " + name + ": address " + requested
                        + " is outside the DHCP pool " + pool());
            }
        }
        List<String> lines = read(name);
        Set<Long> taken = new HashSet<>();
        for (Reservation r : HostsFile.reservations(lines)) {
            if (r.hostname().equalsIgnoreCase(name)) {
                if (r.mac().equals(mac) && (wanted < 0 || Ipv4.parse(r.address()) == wanted)) {
                    return Map.of(LABEL_ADDRESS, r.address()); // already provisioned: idempotent
                }
                throw new ProvisioningException("guest " + name + ": the name is already reserved (" + r.line() + ")");
            }
            if (r.mac().equals(mac)) {
                throw new ProvisioningException("guest " + name + ": MAC " + mac + " is already reserved for "
                        + (r.hostname().isEmpty() ? r.address() : r.hostname() + " (" + r.address() + ")"));
            }
            long a = Ipv4.parse(r.address());
            if (a == wanted) {
                throw new ProvisioningException("guest " + name + ": address " + requested + " is already reserved"
                        + " for " + (r.hostname().isEmpty() ? r.mac() : r.hostname() + " (" + r.mac() + ")"));
            }
            taken.add(a);
        }
        if (wanted < 0) {
            for (long a = poolStart; a <= poolEnd; a++) {
                if (!taken.contains(a)) {
                    wanted = a;
                    break;
                }
            }
            if (wanted < 0) {
                throw new ProvisioningException("guest " + name + ": no free address left in the DHCP pool "
                        + pool());
            }
        }
        Reservation added = new Reservation(mac, Ipv4.format(wanted), name);
        List<String> next = new ArrayList<>(lines);
        next.add(added.line());
        write(name, next);
        LOG.info("guest {}: DHCP reservation {}", name, added.line());
        reload(name);
        return Map.of(LABEL_ADDRESS, added.address());
    }

    @Override
    public synchronized void deprovision(Guest guest, boolean deleteData) throws ProvisioningException {
        String name = guest.name();
        List<String> lines = read(name);
        List<String> next = new ArrayList<>();
        for (String l : lines) {
            Reservation r = Reservation.parse(l);
            if (r == null || !r.hostname().equalsIgnoreCase(name)) {
                next.add(l);
            }
        }
        if (next.size() == lines.size()) {
            return; // nothing reserved under that name: removing twice is harmless
        }
        write(name, next);
        LOG.info("guest {}: DHCP reservation removed", name);
        reload(name);
    }

    /** The reservations currently in the hosts file. */
    public synchronized List<Reservation> reservations() throws IOException {
        return HostsFile.reservations(file.lines());
    }

    public Path hostsFile() {
        return settings.hostsFile();
    }

    private List<String> read(String guest) throws ProvisioningException {
        try {
            return file.lines();
        } catch (IOException e) {
            throw new ProvisioningException("guest " + guest + ": cannot read " + settings.hostsFile() + ": " + e, e);
        }
    }

    private void write(String guest, List<String> lines) throws ProvisioningException {
        try {
            file.write(lines);
        } catch (IOException e) {
            throw new ProvisioningException("guest " + guest + ": cannot write " + settings.hostsFile() + ": " + e, e);
        }
    }

    /** SIGHUP: dnsmasq rereads the hosts file. A dnsmasq that is not running reads it when it starts. */
    private void reload(String guest) {
        long pid = dnsmasq != null ? dnsmasq.pid() : pidFromFile();
        if (pid <= 0) {
            LOG.warn("guest {}: dnsmasq is not running (pid file {}); the change applies when it starts", guest,
                    settings.pidFile());
            return;
        }
        try {
            SupervisedProcess.signal(pid, "HUP");
        } catch (IOException e) {
            LOG.warn("guest {}: cannot signal dnsmasq {}: {}; the change applies when it restarts", guest, pid,
                    e.getMessage());
        }
    }

    private long pidFromFile() {
        try {
            long pid = Long.parseLong(Files.readString(settings.pidFile()).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? pid : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** User input in messages: control characters shown, length capped. */
    static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " characters)" : s;
        StringBuilder b = new StringBuilder();
        for (char ch : t.toCharArray()) {
            b.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", (int) ch) : String.valueOf(ch));
        }
        return b.toString();
    }
}
