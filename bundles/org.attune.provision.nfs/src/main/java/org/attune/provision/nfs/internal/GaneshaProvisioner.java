package org.attune.provision.nfs.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attune.api.Guest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.provision.nfs.NfsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.attune.process.SupervisedProcess;

/**
 * One NFS export per guest from nfs-ganesha. Provisioning copies the template into {@code <basePath>/<guest>},
 * writes the guest's export file ({@code <stateDir>/exports/<guest>.conf}: read-write for the guest's address only,
 * NFSv4, pseudo path {@code <pseudoRoot>/<guest>}) and adds it to the running ganesha over D-Bus
 * ({@code exportmgr.AddExport}); removal is {@code RemoveExport} by id. Other exports are never touched.
 *
 * <p>Supervised mode runs a private D-Bus daemon and ganesha (optionally in a network namespace, listening on the
 * server address only); ganesha's configuration {@code %include}s every guest's export file, so a ganesha that died
 * and was started again serves the same exports at once. NFSv4 only: no rpcbind is needed (measured: ganesha 4.3
 * logs that it cannot register with rpcbind and serves v4 all the same).
 *
 * <p>Thread-safe: changes are serialised. Deleting a guest's data is an explicit option and never leaves its
 * directory (symbolic links are removed, not followed).
 */
public final class GaneshaProvisioner implements Provisioner, AutoCloseable {

    public static final String NAME = "nfs";

    private static final Logger LOG = LoggerFactory.getLogger(GaneshaProvisioner.class);
    private static final Pattern EXPORT_ID = Pattern.compile("Export_Id\\s*=\\s*([0-9]+)\\s*;");
    private static final Pattern CLIENTS = Pattern.compile("Clients\\s*=\\s*([0-9.]+)\\s*;");
    private static final Duration READY_WAIT = Duration.ofSeconds(20);

    /** A guest's export as written in its file. */
    public record Export(String guest, int id, String client, Path file) {
    }

    private final NfsSettings settings;
    private final Path exportsDir;
    /** The bus ganesha and dbus-send use: the private one when supervised. */
    private final String bus;
    private final ExportManager exports;
    /** Guests whose directory the last provisioning created (a rollback deletes it again). */
    private final java.util.Set<String> fresh = new java.util.HashSet<>();
    private SupervisedProcess dbus;
    private SupervisedProcess ganesha;

    public GaneshaProvisioner(NfsSettings settings) {
        this.settings = settings;
        this.exportsDir = settings.stateDir().resolve("exports");
        this.bus = settings.supervised() ? "unix:path=" + settings.stateDir().resolve("bus.sock")
                : settings.dbusAddress();
        this.exports = new ExportManager(bus);
    }

    public NfsSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------------------------- daemons

    /** Creates the directories; supervised mode also starts D-Bus and ganesha (returns without waiting for them). */
    public synchronized void start() throws IOException {
        Files.createDirectories(settings.basePath());
        Files.createDirectories(exportsDir);
        if (!settings.supervised() || ganesha != null) {
            return;
        }
        Path state = settings.stateDir();
        Files.createDirectories(state.resolve("recovery"));
        Path socket = state.resolve("bus.sock");
        writeAtomically(state.resolve("bus.conf"), busConfig(socket));
        writeMainConfig();
        Files.deleteIfExists(socket);
        dbus = new SupervisedProcess("dbus-daemon (ganesha)", List.of("dbus-daemon", "--nofork", "--nopidfile",
                "--config-file=" + state.resolve("bus.conf")), Map.of(), state.resolve("dbus.log"), pid -> {
                    // ganesha does not reconnect to a restarted bus: restart it too
                    SupervisedProcess g = ganesha;
                    if (g != null && g.starts() > 0) {
                        g.restart();
                    }
                });
        dbus.start();
        List<String> cmd = new ArrayList<>();
        if (!settings.netns().isEmpty()) {
            cmd.addAll(List.of("nsenter", "--net=/run/netns/" + settings.netns()));
        }
        cmd.addAll(List.of(settings.ganeshaBinary(), "-F", "-f", state.resolve("ganesha.conf").toString(),
                "-L", state.resolve("ganesha.log").toString(), "-p", state.resolve("ganesha.pid").toString(),
                "-N", "NIV_EVENT"));
        SupervisedProcess g = new SupervisedProcess("ganesha", cmd, Map.of("DBUS_SYSTEM_BUS_ADDRESS", bus),
                state.resolve("ganesha.out"), pid -> { });
        ganesha = g;
        // ganesha connects to the bus once, at start: give the bus a moment to create its socket
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the D-Bus socket");
            }
        }
        g.start();
    }

    /** Stops a supervised ganesha (SIGTERM, SIGKILL after 10 s) and its D-Bus daemon (5 s). Idempotent. */
    public void stop() {
        SupervisedProcess g;
        SupervisedProcess d;
        synchronized (this) {
            g = ganesha;
            d = dbus;
            ganesha = null;
            dbus = null;
        }
        if (g != null) {
            g.stop(Duration.ofSeconds(10));
        }
        if (d != null) {
            d.stop(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The supervised ganesha's pid, or -1. */
    public synchronized long supervisedPid() {
        return ganesha == null ? -1 : ganesha.pid();
    }

    public synchronized int supervisedStarts() {
        return ganesha == null ? 0 : ganesha.starts();
    }

    /** True when ganesha answers on its D-Bus. */
    public boolean ready() {
        return exports.alive();
    }

    private void awaitReady(String guest) throws ProvisioningException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (!exports.alive()) {
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException("guest " + guest + ": ganesha does not answer on D-Bus ("
                        + bus + ")" + (settings.supervised() ? ", see " + settings.stateDir()
                        .resolve("ganesha.log") : ""));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("guest " + guest + ": interrupted while waiting for ganesha");
            }
        }
    }

    // ---------------------------------------------------------------------------------- provisioner

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
        String name = checkedName(guest);
        String client = guest.labels().getOrDefault(LABEL_ADDRESS, "");
        if (!Names.isIpv4(client)) {
            throw new ProvisioningException("guest " + name + ": " + (client.isEmpty()
                    ? "no address to export to (label " + LABEL_ADDRESS + "; the DHCP provisioner runs first)"
                    : "'" + Names.printable(client) + "' is not an IPv4 address"));
        }
        Path dir = guestDir(name);
        Map<String, String> facts = Map.of(LABEL_NFS_SERVER, settings.serverAddress(), LABEL_NFS_PATH, pseudo(name));
        Optional<Export> existing = read(name);
        if (existing.isPresent()) {
            if (!existing.get().client().equals(client)) {
                throw new ProvisioningException("guest " + name + ": already exported to " + existing.get().client()
                        + ", not to " + client);
            }
            awaitReady(name);
            activate(existing.get()); // provisioning twice is harmless
            return facts;
        }
        if (Files.isSymbolicLink(dir) || (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir,
                LinkOption.NOFOLLOW_LINKS))) {
            throw new ProvisioningException("guest " + name + ": " + dir + " exists and is not a directory");
        }
        awaitReady(name);
        boolean created = false;
        Export export = null;
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                createFromTemplate(dir);
                created = true;
            }
            export = new Export(name, freeId(), client, exportsDir.resolve(name + ".conf"));
            writeAtomically(export.file(), exportConfig(export, dir));
            writeMainConfig();
            exports.add(export.file(), export.id());
            LOG.info("guest {}: NFS export {} (id {}) of {}, read-write for {}", name, pseudo(name), export.id(), dir,
                    client);
            if (created) {
                fresh.add(name);
            }
            return facts;
        } catch (IOException e) {
            // leave nothing behind: the export file, the include and a directory we made
            try {
                if (export != null) {
                    Files.deleteIfExists(export.file());
                    writeMainConfig();
                }
                if (created) {
                    deleteTree(dir);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new ProvisioningException("guest " + name + ": cannot export " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes the export, and the directory too when this provisioning created it. */
    @Override
    public synchronized void rollback(Guest guest) throws ProvisioningException {
        deprovision(guest, fresh.contains(checkedName(guest)));
    }

    @Override
    public synchronized void deprovision(Guest guest, boolean deleteData) throws ProvisioningException {
        String name = checkedName(guest);
        fresh.remove(name);
        Optional<Export> export = read(name);
        try {
            if (export.isPresent()) {
                try {
                    exports.remove(export.get().id());
                } catch (IOException e) {
                    if (exports.alive() && !e.getMessage().contains("not found") && !e.getMessage()
                            .contains("InvalidArgs")) {
                        throw e;
                    }
                    // not active (ganesha restarting or export never added): removing the file is enough
                    LOG.info("guest {}: export {} was not active: {}", name, export.get().id(), e.getMessage());
                }
                Files.deleteIfExists(export.get().file());
                writeMainConfig();
                LOG.info("guest {}: NFS export {} removed", name, export.get().id());
            }
            if (deleteData) {
                deleteTree(guestDir(name));
                LOG.info("guest {}: data {} deleted", name, guestDir(name));
            }
        } catch (IOException e) {
            throw new ProvisioningException("guest " + name + ": cannot remove its export: " + e.getMessage(), e);
        }
    }

    /** The guests exported now, by name, each to the address it is exported to. */
    public Map<String, String> exports() throws IOException {
        Map<String, String> out = new TreeMap<>();
        exportEntries().forEach((guest, export) -> out.put(guest, export.client()));
        return out;
    }

    /** The exports this provisioner has written, by guest name. */
    public synchronized Map<String, Export> exportEntries() throws IOException {
        Map<String, Export> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(exportsDir, "*.conf")) {
            for (Path f : ds) {
                String guest = f.getFileName().toString().replaceFirst("\\.conf$", "");
                parse(guest, f).ifPresent(e -> out.put(guest, e));
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    /** The directory holding a guest's files. */
    public Path guestDir(String name) {
        return settings.basePath().resolve(name);
    }

    public String pseudo(String name) {
        return settings.pseudoRoot() + "/" + name;
    }

    // ---------------------------------------------------------------------------------- internals

    private static String checkedName(Guest guest) throws ProvisioningException {
        String name = guest.name();
        if (!Names.GUEST.matcher(name).matches()) {
            throw new ProvisioningException("guest '" + Names.printable(name) + "': not a valid export name (1-63 "
                    + "characters of [A-Za-z0-9_-], starting with a letter or digit: no '..', '/', spaces or shell "
                    + "characters)");
        }
        return name;
    }

    private void activate(Export e) throws ProvisioningException {
        try {
            exports.add(e.file(), e.id());
        } catch (IOException ex) {
            if (!ex.getMessage().contains("already active")) {
                throw new ProvisioningException("guest " + e.guest() + ": cannot export: " + ex.getMessage(), ex);
            }
        }
    }

    private Optional<Export> read(String guest) throws ProvisioningException {
        try {
            return parse(guest, exportsDir.resolve(guest + ".conf"));
        } catch (IOException e) {
            throw new ProvisioningException("guest " + guest + ": cannot read its export file: " + e.getMessage(), e);
        }
    }

    private static Optional<Export> parse(String guest, Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Matcher id = EXPORT_ID.matcher(text);
        Matcher client = CLIENTS.matcher(text);
        if (!id.find() || !client.find()) {
            throw new IOException(file + " is not an export file written by Attune");
        }
        return Optional.of(new Export(guest, Integer.parseInt(id.group(1)), client.group(1), file));
    }

    private int freeId() throws IOException {
        TreeSet<Integer> used = new TreeSet<>();
        for (Export e : exportEntries().values()) {
            used.add(e.id());
        }
        for (int id = settings.exportIdBase(); id <= 65_535; id++) {
            if (!used.contains(id)) {
                return id;
            }
        }
        throw new IOException("no free export id above " + settings.exportIdBase());
    }

    /** Copies the template into a temporary sibling, then renames it: a half-copied directory never appears. */
    private void createFromTemplate(Path dir) throws IOException {
        Path tmp = Files.createTempDirectory(settings.basePath(), "." + dir.getFileName() + ".");
        try {
            Path template = settings.templateDir();
            if (template != null) {
                if (!Files.isDirectory(template)) {
                    throw new IOException("template " + template + " is not a directory");
                }
                Files.walkFileTree(template, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                        Path target = tmp.resolve(template.relativize(d).toString());
                        if (!d.equals(template)) {
                            Files.copy(d, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                        Files.copy(f, tmp.resolve(template.relativize(f).toString()),
                                StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        return FileVisitResult.CONTINUE;
                    }
                });
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(template));
            } else {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /** Deletes a guest's directory: never follows a symbolic link, never leaves the base path. */
    private void deleteTree(Path dir) throws IOException {
        Path base = settings.basePath();
        if (!dir.normalize().equals(dir) || !base.equals(dir.getParent())) {
            throw new IOException("refusing to delete " + dir + ": not a directory directly under " + base);
        }
        if (Files.isSymbolicLink(dir)) {
            Files.delete(dir); // the link only, never what it points to
            return;
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private String exportConfig(Export e, Path dir) {
        return "# Attune: NFS export of guest " + e.guest() + " (generated; removed with the guest)\n"
                + "EXPORT {\n"
                + "    Export_Id = " + e.id() + ";\n"
                + "    Path = \"" + dir + "\";\n"
                + "    Pseudo = \"" + pseudo(e.guest()) + "\";\n"
                + "    Access_Type = None;\n"
                + "    Squash = No_Root_Squash;\n"
                + "    Protocols = 4;\n"
                + "    Transports = TCP;\n"
                + "    SecType = sys;\n"
                + "    CLIENT {\n"
                + "        Clients = " + e.client() + ";\n"
                + "        Access_Type = RW;\n"
                + "    }\n"
                + "    FSAL {\n"
                + "        Name = VFS;\n"
                + "    }\n"
                + "}\n";
    }

    /** Supervised: ganesha.conf with the server settings and an include of every guest's export file. */
    private void writeMainConfig() throws IOException {
        if (!settings.supervised()) {
            return;
        }
        Path state = settings.stateDir();
        StringBuilder b = new StringBuilder();
        b.append("# Attune: configuration of the supervised nfs-ganesha (generated, rewritten on every change)\n")
                .append("NFS_CORE_PARAM {\n")
                .append("    Protocols = 4;\n")
                .append("    Enable_NLM = false;\n")
                .append("    Enable_RQUOTA = false;\n")
                .append("    Bind_addr = ").append(settings.serverAddress()).append(";\n")
                .append("}\n")
                .append("NFSV4 {\n")
                .append("    Graceless = true;\n")
                .append("    RecoveryBackend = fs;\n")
                .append("    RecoveryRoot = \"").append(state.resolve("recovery")).append("\";\n")
                .append("}\n")
                .append("NFS_KRB5 {\n")
                .append("    Active_krb5 = false;\n")
                .append("}\n");
        List<String> names = new ArrayList<>(exportEntries().keySet());
        for (String n : names) {
            b.append("%include \"").append(exportsDir.resolve(n + ".conf")).append("\"\n");
        }
        writeAtomically(state.resolve("ganesha.conf"), b.toString());
    }

    private static String busConfig(Path socket) {
        return "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\"\n"
                + " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                + "<!-- Attune: private bus of the supervised nfs-ganesha (generated) -->\n"
                + "<busconfig>\n"
                + "  <type>system</type>\n"
                + "  <listen>unix:path=" + socket + "</listen>\n"
                + "  <auth>EXTERNAL</auth>\n"
                + "  <policy user=\"root\">\n"
                + "    <allow own=\"*\"/>\n"
                + "    <allow send_destination=\"*\"/>\n"
                + "    <allow receive_sender=\"*\"/>\n"
                + "  </policy>\n"
                + "  <policy context=\"default\">\n"
                + "    <deny own=\"*\"/>\n"
                + "    <deny send_destination=\"*\"/>\n"
                + "  </policy>\n"
                + "</busconfig>\n";
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
