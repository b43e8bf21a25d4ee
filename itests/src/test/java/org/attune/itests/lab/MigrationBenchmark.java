package org.attune.itests.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attune.api.ClusterView;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.Mode;
import org.attune.driver.libvirt.HostSettings;
import org.attune.driver.libvirt.StandaloneLibvirtDriver;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.orchestrator.standalone.StandaloneOrchestrator;

/**
 * Live migration through Attune against plain {@code virsh migrate --live}, same guest, same hosts, same flags
 * (live, persist on the destination, undefine on the source, the destination's migrate URI), alternating in one
 * run so both see the same machine load. Prints every leg, the medians, their ratio and the median downtimes.
 *
 * <p>Run (as root, on a Debian machine; it starts and stops the lab itself):
 * {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl itests exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.attune.itests.lab.MigrationBenchmark -Dexec.args="10"}
 */
public final class MigrationBenchmark {

    private static final String GUEST = "bench";
    private static final String GUEST_IP = "10.99.0.21";
    private static final Pattern DOWNTIME = Pattern.compile("Total downtime:\\s+(\\d+)\\s*ms");

    private record Leg(String how, String from, String to, long wallMillis, long downtimeMillis) {
    }

    private MigrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path labScript = Path.of(System.getProperty("attune.lab.script", "itests/lab/lab.sh"));
        if (!labScript.toFile().isFile()) {
            labScript = Path.of("lab/lab.sh");
        }
        List<Leg> legs = new ArrayList<>();
        try (Lab lab = new Lab(labScript, Path.of("target/bench-lab.log"))) {
            long t0 = System.nanoTime();
            lab.up();
            System.out.printf(Locale.ROOT, "lab up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            lab.guest(GUEST, "hostA", GUEST_IP);
            StandaloneLibvirtDriver driver = StandaloneLibvirtDriver.open(List.of("hostA", "hostB").stream()
                    .map(host -> HostSettings.of(host, Lab.uri(host)).withMigrationUri(Lab.migrationUri(host))
                            .withPollInterval(Duration.ofSeconds(1)))
                    .toList());
            StandaloneOrchestrator engine = null;
            try {
                engine = StandaloneOrchestrator.builder().settings(OrchestratorSettings.builder().mode(Mode.OFF)
                        .policy("none").cooldownCycles(0).historySize(10).journalSize(1000).build()).build();
                engine.addDriver(driver, "libvirt");
                awaitOn(engine, "hostA");
                // One untimed round trip each, so neither side pays first-use costs in the figures.
                attune(engine, "hostB");
                attune(engine, "hostA");
                virsh("hostA", "hostB");
                virsh("hostB", "hostA");
                awaitOn(engine, "hostA");
                for (int i = 0; i < rounds; i++) {
                    boolean attuneFirst = i % 2 == 0;
                    for (int side = 0; side < 2; side++) {
                        if ((side == 0) == attuneFirst) {
                            legs.add(attune(engine, "hostB"));
                            legs.add(attune(engine, "hostA"));
                        } else {
                            legs.add(virsh("hostA", "hostB"));
                            legs.add(virsh("hostB", "hostA"));
                            awaitOn(engine, "hostA");
                        }
                    }
                    System.out.printf(Locale.ROOT, "round %d/%d done%n", i + 1, rounds);
                }
            } finally {
                if (engine != null) {
                    engine.stop();
                }
                driver.close();
            }
        }
        report(legs);
    }

    private static Leg attune(StandaloneOrchestrator engine, String to) throws Exception {
        String from = "hostA".equals(to) ? "hostB" : "hostA";
        awaitOn(engine, from);
        long start = System.nanoTime();
        MigrationResult r = engine.migrate(GUEST, to, MigrationOptions.live()).result().toCompletableFuture()
                .get(2, TimeUnit.MINUTES);
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (!r.succeeded()) {
            throw new IllegalStateException("Attune migration " + from + " -> " + to + " failed: " + r.detail());
        }
        return new Leg("attune", from, to, wall, r.downtime() == null ? -1 : r.downtime().toMillis());
    }

    private static Leg virsh(String from, String to) throws Exception {
        long start = System.nanoTime();
        run("virsh", "-c", Lab.uri(from), "migrate", "--live", "--persistent", "--undefinesource", GUEST,
                Lab.uri(to), "--migrateuri", Lab.migrationUri(to));
        long wall = (System.nanoTime() - start) / 1_000_000;
        Matcher m = DOWNTIME.matcher(run("virsh", "-c", Lab.uri(to), "domjobinfo", GUEST, "--completed"));
        return new Leg("virsh", from, to, wall, m.find() ? Long.parseLong(m.group(1)) : -1);
    }

    /** Waits (bounded) until Attune's inventory shows the guest on the host: virsh moves it behind its back. */
    private static void awaitOn(StandaloneOrchestrator engine, String host) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ClusterView view = engine.currentView();
            boolean there = view.guests().stream().filter(g -> g.name().equals(GUEST))
                    .anyMatch(g -> host.equals(view.hostOf(g.id())));
            if (there) {
                return;
            }
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(50)).until(() -> true);
        }
        throw new IllegalStateException("guest " + GUEST + " not seen on " + host + " within 60 s");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("timeout", "120"));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.trim());
        }
        return out;
    }

    private static void report(List<Leg> legs) {
        System.out.println();
        System.out.println("how     leg            wall ms  downtime ms");
        for (Leg l : legs) {
            System.out.printf(Locale.ROOT, "%-7s %-5s -> %-5s %8d %12d%n", l.how(), l.from(), l.to(), l.wallMillis(),
                    l.downtimeMillis());
        }
        double attuneWall = median(legs, "attune", true);
        double virshWall = median(legs, "virsh", true);
        System.out.println();
        System.out.printf(Locale.ROOT, "median wall: attune %.0f ms, virsh %.0f ms, ratio attune/virsh %.3f (target <= 1.15)%n",
                attuneWall, virshWall, attuneWall / virshWall);
        System.out.printf(Locale.ROOT, "median downtime: attune %.0f ms, virsh %.0f ms (%d legs each)%n",
                median(legs, "attune", false), median(legs, "virsh", false),
                legs.stream().filter(l -> l.how().equals("attune")).count());
    }

    private static double median(List<Leg> legs, String how, boolean wall) {
        List<Long> values = new ArrayList<>(legs.stream().filter(l -> l.how().equals(how))
                .map(l -> wall ? l.wallMillis() : l.downtimeMillis()).filter(v -> v >= 0).toList());
        if (values.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
    }
}
