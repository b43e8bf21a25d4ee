package org.attune.provision.nfs.internal;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Validated settings of one NFS provisioner; see {@link NfsConfiguration} for the meaning of each. */
public record NfsSettings(boolean supervised, Path basePath, Path templateDir, String pseudoRoot, String serverAddress,
                   String netns, Path stateDir, String dbusAddress, int exportIdBase, String ganesha) {

    private static final Pattern NETNS = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Pattern PSEUDO = Pattern.compile("(/[A-Za-z0-9_-]+)+");
    private static final Pattern DBUS = Pattern.compile("unix:path=/[A-Za-z0-9_./-]+");

    static NfsSettings from(NfsConfiguration c) {
        String mode = c.mode().trim();
        if (!mode.equals("supervised") && !mode.equals("external")) {
            throw new IllegalArgumentException("mode must be supervised or external, was '" + mode + "'");
        }
        Path base = absolute("basePath", c.basePath());
        Path template = c.templateDir().isEmpty() ? null : absolute("templateDir", c.templateDir());
        if (template != null && (template.startsWith(base) || base.startsWith(template))) {
            throw new IllegalArgumentException("templateDir " + template + " and basePath " + base + " must not nest");
        }
        if (!PSEUDO.matcher(c.pseudoRoot()).matches()) {
            throw new IllegalArgumentException("pseudoRoot '" + c.pseudoRoot() + "' must be an absolute path of "
                    + "[A-Za-z0-9_-] segments, e.g. /attune");
        }
        if (!Names.isIpv4(c.serverAddress())) {
            throw new IllegalArgumentException("serverAddress '" + c.serverAddress() + "' is not an IPv4 address");
        }
        if (!c.netns().isEmpty() && !NETNS.matcher(c.netns()).matches()) {
            throw new IllegalArgumentException("netns '" + c.netns() + "' is not a network namespace name");
        }
        if (!c.dbusAddress().isEmpty() && !DBUS.matcher(c.dbusAddress()).matches()) {
            throw new IllegalArgumentException("dbusAddress '" + c.dbusAddress() + "' must be unix:path=/...");
        }
        if (c.exportIdBase() < 1 || c.exportIdBase() > 60_000) {
            throw new IllegalArgumentException("exportIdBase must be 1-60000, was " + c.exportIdBase());
        }
        return new NfsSettings(mode.equals("supervised"), base, template, c.pseudoRoot(), c.serverAddress(),
                c.netns(), absolute("stateDir", c.stateDir()), c.dbusAddress(), c.exportIdBase(), c.ganeshaBinary());
    }

    private static Path absolute(String key, String value) {
        Path p = Path.of(value);
        if (!p.isAbsolute() || !p.normalize().equals(p) || p.getNameCount() == 0) {
            throw new IllegalArgumentException(key + " '" + value + "' must be an absolute, normalised path (not /)");
        }
        return p;
    }

    Path exportsDir() {
        return stateDir.resolve("exports");
    }

    /** The bus ganesha and dbus-send use. */
    String bus() {
        if (supervised) {
            return "unix:path=" + stateDir.resolve("bus.sock");
        }
        return dbusAddress;
    }
}
