package org.attune.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the PlanetLab day folders the bench runs on, and explains where to get them when there are none. */
final class Days {

    private Days() {
    }

    /** Day name to folder; null after explaining (on stderr) when there are no traces. */
    static Map<String, Path> find(Path traces, List<String> days) throws IOException {
        if (traces == null || !Files.isDirectory(traces)) {
            System.err.println(String.join("\n",
                    "attune-bench: no PlanetLab traces at " + (traces == null ? "(no TRACES_DIR given)" : traces.toAbsolutePath()),
                    "  The bench needs the PlanetLab CPU traces distributed with CloudSim (Apache-2.0):",
                    "  https://github.com/Cloudslab/cloudsim, folder modules/cloudsim-examples/src/main/resources/workload/planetlab",
                    "  (one folder per day, e.g. 20110303, each with one file of 288 CPU percentages per VM).",
                    "  On the Attune build machine they are in ../shared/workloads/planetlab (relative to the repository).",
                    "  Pass the folder that holds the day folders (or a single day folder) as TRACES_DIR."));
            return null;
        }
        Map<String, Path> found = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(traces)) {
            for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
                found.put(p.getFileName().toString(), p);
            }
        }
        if (found.isEmpty()) {
            found.put(traces.getFileName().toString(), traces); // a single day folder
        }
        if (days == null) {
            return found;
        }
        Map<String, Path> chosen = new LinkedHashMap<>();
        for (String d : days) {
            Path p = found.get(d);
            if (p == null) {
                throw new IllegalArgumentException("no day " + d + " in " + traces + "; there are " + found.keySet());
            }
            chosen.put(d, p);
        }
        return chosen;
    }
}
