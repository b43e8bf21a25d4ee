package org.attune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's command line: {@code run} (the default) runs policies on PlanetLab days, {@code scale} times one
 * planning round on a large synthetic cluster, {@code sensitivity} varies the own policy's settings and the model's
 * assumptions. Exit status: 0 fine, 1 a fidelity tolerance or quality target was missed (when asked to check), 2 bad
 * usage or missing traces.
 */
public final class Bench {

    private static final String USAGE = String.join("\n",
            "usage: java -jar attune-bench.jar [run] TRACES_DIR [options]",
            "       java -jar attune-bench.jar scale [options]",
            "       java -jar attune-bench.jar sensitivity TRACES_DIR [options]",
            RunCommand.USAGE, ScaleCommand.USAGE, SensitivityCommand.USAGE);

    private Bench() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        int status;
        try {
            status = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("attune-bench: " + e.getMessage());
            System.err.println(USAGE);
            status = 2;
        } catch (IOException e) {
            System.err.println("attune-bench: " + e);
            status = 2;
        }
        System.out.printf(Locale.ROOT, "whole process: %.1f s (JVM start not included)%n", (System.nanoTime() - start) / 1e9);
        System.exit(status);
    }

    static int run(String[] args, PrintStream out) throws IOException {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        String command = a.isEmpty() ? "" : a.get(0);
        switch (command) {
            case "scale":
                return ScaleCommand.run(a.subList(1, a.size()), out);
            case "sensitivity":
                return SensitivityCommand.run(a.subList(1, a.size()), out);
            case "run":
                a.remove(0);
                break;
            default:
                break;
        }
        if (a.isEmpty() || a.contains("--help") || a.contains("-h")) {
            out.println(USAGE);
            return a.isEmpty() ? 2 : 0;
        }
        return RunCommand.run(a, out);
    }
}
