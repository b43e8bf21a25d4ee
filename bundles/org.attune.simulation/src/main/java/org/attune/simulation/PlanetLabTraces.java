package org.attune.simulation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads PlanetLab CPU traces as CloudSim distributes them: one file per virtual machine, one integer CPU percentage
 * (0..100) per line, one line per 5-minute interval. The one reader of such files in Attune: the benchmark reads whole
 * days with it, the simulated driver's {@code trace} workloads single files.
 */
public final class PlanetLabTraces {

    /** Seconds between two samples of a PlanetLab trace. */
    public static final double INTERVAL_SECONDS = 300;

    /** Samples in a PlanetLab day: 24 hours of 5-minute intervals. */
    public static final int DAY_SAMPLES = 288;

    /**
     * One day: the traces of a folder, in file-name order (Java {@code String} order, which fixes which block of the
     * list each trace falls in).
     *
     * @param name    the folder's name (the day, e.g. 20110303)
     * @param labels  one label per trace: its file name
     * @param percent percent[trace][sample], 0..100
     */
    public record Day(String name, List<String> labels, double[][] percent) {

        public int traces() {
            return percent.length;
        }

        public int samples() {
            return percent.length == 0 ? 0 : percent[0].length;
        }
    }

    private PlanetLabTraces() {
    }

    /**
     * Reads every regular file of {@code dir}, sorted by name; each must hold exactly {@code samples} values.
     *
     * @throws IOException              when the folder or a file cannot be read
     * @throws IllegalArgumentException naming the file and line of the first malformed value, or when the folder
     *                                  holds no trace
     */
    public static Day readDay(Path dir, int samples) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no trace files in " + dir);
        }
        double[][] percent = new double[files.size()][];
        List<String> labels = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            labels.add(f.getFileName().toString());
            percent[i] = read(f);
            for (int k = 0; k < percent[i].length; k++) {
                if (percent[i][k] > 100) {
                    throw new IllegalArgumentException(f + ": value " + (k + 1) + " is " + percent[i][k]
                            + ", a CPU percentage is 0..100");
                }
            }
            if (percent[i].length != samples) {
                throw new IllegalArgumentException(f + ": " + percent[i].length + " values, expected " + samples);
            }
        }
        return new Day(dir.getFileName().toString(), List.copyOf(labels), percent);
    }

    /**
     * Reads one trace file of CPU percentages, one per line; blank lines are skipped. Also the simulated driver's
     * {@code trace} workloads read their file with this.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException naming the file and line of a value that is not a non-negative number, or
     *                                  when the file holds no value
     */
    public static double[] read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        double[] values = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(line);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": '" + line + "' is not a CPU percentage");
            }
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": '" + line
                        + "' is not a non-negative CPU percentage");
            }
            values[n++] = v;
        }
        if (n == 0) {
            throw new IllegalArgumentException(file + " holds no values");
        }
        return java.util.Arrays.copyOf(values, n);
    }
}
