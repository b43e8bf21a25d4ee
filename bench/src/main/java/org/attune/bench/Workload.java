package org.attune.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One day of CPU traces: one guest per trace, one integer CPU percentage (0..100) per 300 s step. Immutable.
 *
 * @param name   what the traces are (the day, or the generator and its seed)
 * @param labels one label per trace (the file name for PlanetLab)
 * @param cpu    cpu[guest][step], percent
 */
public record Workload(String name, List<String> labels, int[][] cpu) {

    /** Steps in a PlanetLab day: 24 h of 5-minute samples. */
    public static final int DAY_STEPS = 288;

    public int guests() {
        return cpu.length;
    }

    public int steps() {
        return cpu.length == 0 ? 0 : cpu[0].length;
    }

    /**
     * Reads a PlanetLab day: every regular file in {@code dir}, sorted by name, holds 288 lines of one integer.
     *
     * @throws IOException          when the directory cannot be read
     * @throws IllegalArgumentException naming the file and line when a trace is malformed
     */
    public static Workload planetLab(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).sorted((a, b) ->
                    a.getFileName().toString().compareTo(b.getFileName().toString())).toList());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no trace files in " + dir);
        }
        int[][] cpu = new int[files.size()][];
        List<String> labels = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            labels.add(f.getFileName().toString());
            cpu[i] = parse(f, Files.readAllLines(f, StandardCharsets.UTF_8));
        }
        return new Workload(dir.getFileName().toString(), List.copyOf(labels), cpu);
    }

    private static int[] parse(Path file, List<String> lines) {
        int[] values = new int[DAY_STEPS];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (n == DAY_STEPS) {
                throw new IllegalArgumentException(file + ": more than " + DAY_STEPS + " values (line " + (i + 1) + ")");
            }
            int v;
            try {
                v = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not an integer: '" + line + "'");
            }
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": CPU percentage out of 0..100: " + v);
            }
            values[n++] = v;
        }
        if (n != DAY_STEPS) {
            throw new IllegalArgumentException(file + ": " + n + " values, expected " + DAY_STEPS);
        }
        return values;
    }
}
