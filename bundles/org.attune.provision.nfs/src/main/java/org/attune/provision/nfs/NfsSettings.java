package org.attune.provision.nfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.attune.provision.nfs.internal.Names;

/**
 * Validated settings of one NFS provisioner: what one {@code etc/org.attune.provision.nfs-<name>.cfg} says, as a
 * value. Immutable. The constructor throws an {@link IllegalArgumentException} naming every bad value by its
 * configuration key (e.g. {@code serverAddress 'nfs' is not an IPv4 address}), a {@link NullPointerException} for a
 * null value other than {@code templateDir}; {@link #supervised} fills in the file's defaults.
 *
 * @param supervised    true: run an own nfs-ganesha (and a private D-Bus daemon for it); false: add and remove the
 *                      exports of a ganesha someone else runs, over its D-Bus
 * @param basePath      guests' export directories are {@code <basePath>/<guest>}; absolute, normalised, not /
 * @param templateDir   copied into a new guest's directory; null for an empty directory; must not nest with
 *                      {@code basePath}
 * @param pseudoRoot    NFSv4 path under which guests' exports appear ({@code <pseudoRoot>/<guest>}), e.g.
 *                      {@code /attune}
 * @param serverAddress the IPv4 address guests mount from; the supervised ganesha listens there only
 * @param netns         network namespace (name under {@code /run/netns}) for the supervised ganesha, "" for none
 * @param stateDir      ganesha's configuration, the per-guest export files, the private bus, logs; absolute,
 *                      normalised, not /
 * @param dbusAddress   external mode: ganesha's bus ({@code unix:path=/...}), "" for the system bus
 * @param exportIdBase  Export_Id of the first guest, 1-60000
 * @param ganeshaBinary the ganesha binary to run (supervised)
 */
public record NfsSettings(boolean supervised, Path basePath, Path templateDir, String pseudoRoot, String serverAddress,
                          String netns, Path stateDir, String dbusAddress, int exportIdBase, String ganeshaBinary) {

    public static final String DEFAULT_PSEUDO_ROOT = "/attune";
    public static final int DEFAULT_EXPORT_ID_BASE = 100;
    public static final String DEFAULT_GANESHA_BINARY = "ganesha.nfsd";

    private static final Pattern NETNS = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Pattern PSEUDO = Pattern.compile("(/[A-Za-z0-9_-]+)+");
    private static final Pattern DBUS = Pattern.compile("unix:path=/[A-Za-z0-9_./-]+");

    public NfsSettings {
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(pseudoRoot, "pseudoRoot");
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(dbusAddress, "dbusAddress");
        Objects.requireNonNull(ganeshaBinary, "ganeshaBinary");
        List<String> problems = new ArrayList<>();
        boolean baseOk = absolute("basePath", basePath, problems);
        if (templateDir != null && absolute("templateDir", templateDir, problems) && baseOk
                && (templateDir.startsWith(basePath) || basePath.startsWith(templateDir))) {
            problems.add("templateDir " + templateDir + " and basePath " + basePath + " must not nest");
        }
        if (!PSEUDO.matcher(pseudoRoot).matches()) {
            problems.add("pseudoRoot '" + pseudoRoot + "' must be an absolute path of [A-Za-z0-9_-] segments, "
                    + "e.g. /attune");
        }
        if (!Names.isIpv4(serverAddress)) {
            problems.add("serverAddress '" + serverAddress + "' is not an IPv4 address");
        }
        if (!netns.isEmpty() && !NETNS.matcher(netns).matches()) {
            problems.add("netns '" + netns + "' is not a network namespace name");
        }
        absolute("stateDir", stateDir, problems);
        if (!dbusAddress.isEmpty() && !DBUS.matcher(dbusAddress).matches()) {
            problems.add("dbusAddress '" + dbusAddress + "' must be unix:path=/...");
        }
        if (exportIdBase < 1 || exportIdBase > 60_000) {
            problems.add("exportIdBase must be 1-60000, was " + exportIdBase);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * A supervised ganesha with the configuration file's defaults: pseudo root {@value #DEFAULT_PSEUDO_ROOT}, the
     * first export id {@value #DEFAULT_EXPORT_ID_BASE}, binary {@value #DEFAULT_GANESHA_BINARY}.
     *
     * @param templateDir copied into each new guest's directory; null for an empty directory
     * @param netns       network namespace to run ganesha in, "" for the current one
     */
    public static NfsSettings supervised(Path basePath, Path templateDir, String serverAddress, String netns,
                                         Path stateDir) {
        return new NfsSettings(true, basePath, templateDir, DEFAULT_PSEUDO_ROOT, serverAddress, netns, stateDir, "",
                DEFAULT_EXPORT_ID_BASE, DEFAULT_GANESHA_BINARY);
    }

    private static boolean absolute(String key, Path p, List<String> problems) {
        if (!p.isAbsolute() || !p.normalize().equals(p) || p.getNameCount() == 0) {
            problems.add(key + " '" + p + "' must be an absolute, normalised path (not /)");
            return false;
        }
        return true;
    }
}
