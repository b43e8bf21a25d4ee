package org.attune.driver.sim.internal.workload;

import org.attune.simulation.Durations;
import org.attune.simulation.PlanetLabTraces;
import org.attune.simulation.Workload;
import org.attune.simulation.Workloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a one-line workload spec:
 * <pre>
 * constant 200
 * step 100 900 at=60s
 * ramp 100 900 start=30s duration=60s
 * sine mean=400 amplitude=300 period=600s
 * points 0s=150 40s=150 100s=1000 260s=1000 320s=150 repeat=400s
 * trace /path/to/file mips=2500 interval=300s
 * A + B
 * </pre>
 * Values are MIPS; durations take {@code ms}, {@code s}, {@code m}, {@code h} (see {@link Durations}). A path
 * with spaces is written in double quotes. Errors are {@link IllegalArgumentException}s whose message quotes
 * the spec and names the bad token. Stateless and thread-safe; only {@code trace} does I/O (it reads its file).
 */
public final class WorkloadParser {

    /** The interval of a trace when the spec gives none: PlanetLab's 5 minutes. */
    public static final double DEFAULT_TRACE_INTERVAL_SECONDS = 300;

    private static final String KINDS = "constant, step, ramp, sine, points, trace";

    private final Path baseDirectory;

    /** A parser that resolves relative trace paths against the working directory. */
    public WorkloadParser() {
        this(null);
    }

    /** A parser that resolves relative trace paths against {@code baseDirectory} (null: the working directory). */
    public WorkloadParser(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    /**
     * @throws IllegalArgumentException when the spec is not a valid workload; the message names the bad token
     */
    public Workload parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("workload is empty; expected one of " + KINDS);
        }
        try {
            List<String> tokens = tokenize(spec);
            List<Workload> terms = new ArrayList<>();
            List<String> term = new ArrayList<>();
            for (String token : tokens) {
                if (token.equals("+")) {
                    terms.add(parseTerm(term));
                    term = new ArrayList<>();
                } else {
                    term.add(token);
                }
            }
            terms.add(parseTerm(term));
            return Workloads.sum(terms);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("workload '" + spec.trim() + "': " + e.getMessage(), e);
        }
    }

    private Workload parseTerm(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("'+' needs a workload on each side");
        }
        String kind = tokens.get(0).toLowerCase(Locale.ROOT);
        List<String> args = tokens.subList(1, tokens.size());
        switch (kind) {
            case "constant": {
                Args a = Args.of(kind, args, List.of());
                a.expectPositional(1, "a demand, e.g. constant 200");
                return Workloads.constant(demand(a.positional.get(0)));
            }
            case "step": {
                Args a = Args.of(kind, args, List.of("at"));
                a.expectPositional(2, "a demand before and one after, e.g. step 100 900 at=60s");
                return Workloads.step(demand(a.positional.get(0)), demand(a.positional.get(1)),
                        Durations.parseSeconds(a.required("at", "the time of the step")));
            }
            case "ramp": {
                Args a = Args.of(kind, args, List.of("start", "duration"));
                a.expectPositional(2, "a start and an end demand, e.g. ramp 100 900 start=30s duration=60s");
                return Workloads.ramp(demand(a.positional.get(0)), demand(a.positional.get(1)),
                        Durations.parseSeconds(a.named.getOrDefault("start", "0s")),
                        Durations.parseSeconds(a.required("duration", "how long the ramp lasts")));
            }
            case "sine": {
                Args a = Args.of(kind, args, List.of("mean", "amplitude", "period"));
                a.expectPositional(0, "only mean=, amplitude= and period=");
                double period = Durations.parseSeconds(a.required("period", "the period, e.g. period=600s"));
                if (!(period > 0)) {
                    throw new IllegalArgumentException("sine: period=" + a.named.get("period") + " must be positive");
                }
                return Workloads.sine(demand(a.required("mean", "the mean demand")),
                        number(a.required("amplitude", "the amplitude")), period);
            }
            case "points":
                return points(args);
            case "trace":
                return trace(args);
            default:
                throw new IllegalArgumentException("unknown workload '" + tokens.get(0) + "' (expected " + KINDS
                        + ", or a sum 'A + B')");
        }
    }

    private static Workload points(List<String> args) {
        List<double[]> pts = new ArrayList<>();
        double repeat = 0;
        for (String token : args) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("points: '" + token + "' is not a time=demand point (e.g. 40s=150)");
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            if (key.equalsIgnoreCase("repeat")) {
                repeat = Durations.parseSeconds(value);
                if (!(repeat > 0)) {
                    throw new IllegalArgumentException("points: '" + token + "' must be a positive period");
                }
            } else {
                double t;
                try {
                    t = Durations.parseSeconds(key);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("points: '" + token + "': " + e.getMessage());
                }
                pts.add(new double[] {t, demand(value)});
            }
        }
        if (pts.isEmpty()) {
            throw new IllegalArgumentException("points: needs at least one time=demand point, e.g. points 0s=150 60s=900");
        }
        double[] times = new double[pts.size()];
        double[] values = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            times[i] = pts.get(i)[0];
            values[i] = pts.get(i)[1];
        }
        return Workloads.points(times, values, repeat);
    }

    private Workload trace(List<String> args) {
        Args a = Args.of("trace", args, List.of("mips", "interval"));
        a.expectPositional(1, "the trace file, e.g. trace /data/vm1 mips=2500 interval=300s");
        String fileToken = a.positional.get(0);
        double mips = demand(a.required("mips", "the MIPS that 100% stands for, e.g. mips=2500"));
        double interval = a.named.containsKey("interval") ? Durations.parseSeconds(a.named.get("interval"))
                : DEFAULT_TRACE_INTERVAL_SECONDS;
        if (!(interval > 0)) {
            throw new IllegalArgumentException("trace: interval=" + a.named.get("interval") + " must be positive");
        }
        Path file;
        try {
            file = Path.of(fileToken);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("trace: '" + fileToken + "' is not a valid path");
        }
        if (!file.isAbsolute() && baseDirectory != null) {
            file = baseDirectory.resolve(file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("trace file not found: " + file.toAbsolutePath());
        }
        double[] percent;
        try {
            percent = PlanetLabTraces.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("trace file " + file + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trace file " + e.getMessage());
        }
        double[] trimmed = new double[percent.length];
        for (int k = 0; k < percent.length; k++) {
            trimmed[k] = percent[k] / 100.0 * mips;
        }
        String path = fileToken.contains(" ") ? '"' + fileToken + '"' : fileToken;
        return Workloads.trace(trimmed, interval, "trace " + path + " mips=" + Workloads.num(mips)
                + " interval=" + Durations.format(interval));
    }

    private static double demand(String token) {
        double v = number(token);
        if (v < 0) {
            throw new IllegalArgumentException("'" + token + "' is negative; demands are MIPS >= 0");
        }
        return v;
    }

    private static double number(String token) {
        try {
            double v = Double.parseDouble(token);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not a number");
        }
    }

    /** Splits on whitespace; double quotes group a token that contains spaces. */
    static List<String> tokenize(String spec) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a double quote is not closed");
        }
        if (any) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /** A term's arguments: values without '=' and key=value options. */
    private static final class Args {
        final String kind;
        final List<String> positional = new ArrayList<>();
        final Map<String, String> named = new LinkedHashMap<>();

        private Args(String kind) {
            this.kind = kind;
        }

        static Args of(String kind, List<String> tokens, List<String> allowed) {
            Args a = new Args(kind);
            for (String token : tokens) {
                int eq = token.indexOf('=');
                if (eq < 0) {
                    a.positional.add(token);
                    continue;
                }
                String key = token.substring(0, eq).toLowerCase(Locale.ROOT);
                if (!allowed.contains(key)) {
                    throw new IllegalArgumentException("unknown option '" + token + "' for " + kind
                            + (allowed.isEmpty() ? " (it takes none)" : " (expected " + String.join("=, ", allowed) + "=)"));
                }
                if (a.named.put(key, token.substring(eq + 1)) != null) {
                    throw new IllegalArgumentException(kind + ": option '" + key + "' is given twice");
                }
            }
            return a;
        }

        void expectPositional(int count, String what) {
            if (positional.size() > count) {
                throw new IllegalArgumentException(kind + ": unexpected '" + positional.get(count) + "' (expects " + what + ")");
            }
            if (positional.size() < count) {
                throw new IllegalArgumentException(kind + ": missing value (expects " + what + ")");
            }
        }

        String required(String key, String what) {
            String v = named.get(key);
            if (v == null) {
                throw new IllegalArgumentException(kind + ": missing " + key + "=<" + what + ">");
            }
            return v;
        }
    }
}
