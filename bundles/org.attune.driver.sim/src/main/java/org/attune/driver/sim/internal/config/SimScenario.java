package org.attune.driver.sim.internal.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.engine.SimTrafficProbe;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.driver.sim.internal.workload.WorkloadParser;

/**
 * Builds a {@link SimCluster} from a directory of Karaf-style .cfg files, without OSGi:
 * {@code org.attune.driver.sim.cfg} (optional: driver id and maximum step; speed-up, tick and clock are for the
 * OSGi runtime and ignored here), {@code org.attune.driver.sim.host-<name>.cfg} and
 * {@code org.attune.driver.sim.guest-<name>.cfg}. Files are read as Java properties and converted by
 * {@link SimDefinitions}, exactly as the OSGi components do: an invalid host or guest is left out and listed in
 * the cluster's {@code status().problems()}. Relative trace paths in workloads are resolved against the directory.
 */
public final class SimScenario {

    public static final String DRIVER_FILE = SimDefinitions.DRIVER_PID + ".cfg";
    public static final String HOST_PREFIX = SimDefinitions.HOST_PID + "-";
    public static final String GUEST_PREFIX = SimDefinitions.GUEST_PID + "-";

    private SimScenario() {
    }

    /**
     * Loads the scenario onto {@code clock}; simulated time starts at {@code clock.instant()}.
     *
     * @throws IOException when the directory or a file cannot be read
     */
    public static SimCluster load(Path directory, Clock clock) throws IOException {
        return load(directory, clock, null);
    }

    /**
     * As {@link #load(Path, Clock)}, with the maximum step (how long a continuously changing workload is held
     * between two samples) overridden; null keeps the configured one.
     */
    public static SimCluster load(Path directory, Clock clock, Duration maxStep) throws IOException {
        SimCluster cluster = cluster(directory, clock, maxStep);
        define(directory, cluster, null);
        return cluster;
    }

    /**
     * The cluster the directory's driver file describes, with no hosts or guests yet; a bad value in the driver file
     * falls back to its default and is listed in the cluster's problems.
     *
     * @param maxStep overrides the configured maximum step; null keeps it
     * @throws IOException when the directory or the driver file cannot be read
     */
    public static SimCluster cluster(Path directory, Clock clock, Duration maxStep) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a directory with a simulated scenario");
        }
        Path driverFile = directory.resolve(DRIVER_FILE);
        Map<String, String> driverProps = Files.isRegularFile(driverFile) ? read(driverFile) : Map.of();
        List<String> driverProblems = new ArrayList<>();
        DriverSettings settings = SimDefinitions.driver(TypedConfig.of(SimDriverConfiguration.class, driverProps),
                driverProblems);
        SimCluster cluster = new SimCluster(settings.id(), clock, maxStep != null ? maxStep : settings.maxStep());
        if (!driverProblems.isEmpty()) {
            String source = "driver config " + DRIVER_FILE;
            cluster.reject(source, source + ": " + String.join("; ", driverProblems));
        }
        return cluster;
    }

    /**
     * Adds the directory's hosts, then its guests, to {@code cluster}, and the guests' {@code traffic} to
     * {@code traffic} (ignored when null).
     *
     * @throws IOException when a file cannot be read
     */
    public static void define(Path directory, SimCluster cluster, SimTrafficProbe traffic) throws IOException {
        WorkloadParser parser = new WorkloadParser(directory);
        // Hosts first, so that guests find their initial hosts.
        for (Path file : files(directory, HOST_PREFIX)) {
            String source = "host config " + file.getFileName();
            Definition<HostSpec> d = SimDefinitions.host(source, factoryName(file, HOST_PREFIX),
                    TypedConfig.of(HostConfiguration.class, read(file)));
            d.applyTo(cluster);
        }
        for (Path file : files(directory, GUEST_PREFIX)) {
            String source = "guest config " + file.getFileName();
            SimDefinitions.GuestWithTraffic d = SimDefinitions.guestWithTraffic(source, factoryName(file, GUEST_PREFIX),
                    TypedConfig.of(GuestConfiguration.class, read(file)), parser);
            d.definition().applyTo(cluster);
            if (traffic != null && d.definition().isValid()) {
                traffic.define(source, d.definition().spec().name(), d.traffic());
            }
        }
    }

    private static List<Path> files(Path directory, String prefix) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, prefix + "*.cfg")) {
            stream.forEach(files::add);
        }
        // Sorted, so that the same directory always gives the same cluster (and the same duplicate wins).
        files.sort(null);
        return files;
    }

    private static String factoryName(Path file, String prefix) {
        String name = file.getFileName().toString();
        return name.substring(prefix.length(), name.length() - ".cfg".length());
    }

    /** A .cfg file's keys and values, read as Java properties. */
    public static Map<String, String> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    /** Keys and values in the .cfg syntax (Java properties). */
    public static Map<String, String> read(Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }
}
