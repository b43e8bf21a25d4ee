package org.attune.orchestrator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.attune.api.orchestrator.Mode;

/**
 * Where {@link RuntimeState} survives a restart: a small properties file (in OSGi, in the bundle's data area), or
 * memory. Thread-safe; a save replaces the whole file atomically where the file system can.
 */
interface RuntimeStateStore {

    /** The state saved last; empty when none was ever saved (or it cannot be read: a warning says why). */
    Optional<RuntimeState> load() throws IOException;

    void save(RuntimeState state) throws IOException;

    /** A store that forgets everything when the process ends. */
    static RuntimeStateStore memory() {
        AtomicReference<RuntimeState> saved = new AtomicReference<>();
        return new RuntimeStateStore() {
            @Override
            public Optional<RuntimeState> load() {
                return Optional.ofNullable(saved.get());
            }

            @Override
            public void save(RuntimeState state) {
                saved.set(state);
            }
        };
    }

    /** A store in a properties file; its directory is created when missing. */
    static RuntimeStateStore file(Path file) {
        return new FileStore(file);
    }

    /** The file format: {@code mode}, {@code policy}, {@code configuration.mode}, {@code configuration.policy}. */
    final class FileStore implements RuntimeStateStore {
        static final String MODE = "mode";
        static final String POLICY = "policy";
        static final String CONFIGURED_MODE = "configuration.mode";
        static final String CONFIGURED_POLICY = "configuration.policy";
        private static final List<String> HEADER = List.of(
                "# Attune orchestrator runtime state, written by the orchestrator: the mode and policy in force",
                "# (attune:mode, attune:policy-use) and the configuration's mode and policy when they were set.",
                "# A configuration (etc/org.attune.orchestrator.cfg) whose mode or policy differs from the",
                "# configuration.* values here was edited since, and wins.");

        private final Path file;

        FileStore(Path file) {
            this.file = file;
        }

        Path file() {
            return file;
        }

        @Override
        public synchronized Optional<RuntimeState> load() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            try {
                return Optional.of(new RuntimeState(mode(p.getProperty(MODE)), required(p, POLICY),
                        mode(p.getProperty(CONFIGURED_MODE)), required(p, CONFIGURED_POLICY)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IOException("runtime state " + file + " is not readable: " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void save(RuntimeState state) throws IOException {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Path next = file.resolveSibling(file.getFileName() + ".next");
            try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                for (String line : HEADER) {
                    out.write(line + "\n");
                }
                // Written by hand, not by Properties.store: no date line, so an unchanged state gives the same file.
                out.write(MODE + " = " + lower(state.mode()) + "\n");
                out.write(POLICY + " = " + escape(state.policy()) + "\n");
                out.write(CONFIGURED_MODE + " = " + lower(state.configuredMode()) + "\n");
                out.write(CONFIGURED_POLICY + " = " + escape(state.configuredPolicy()) + "\n");
            }
            try {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        private static Mode mode(String text) {
            if (text == null) {
                throw new IllegalArgumentException("a mode is missing");
            }
            try {
                return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mode '" + text.trim() + "' is not one of "
                        + Arrays.stream(Mode.values()).map(RuntimeStateStore.FileStore::lower).toList());
            }
        }

        private static String required(Properties p, String key) {
            String v = p.getProperty(key);
            if (v == null) {
                throw new IllegalArgumentException(key + " is missing");
            }
            return v.trim();
        }

        private static String lower(Mode m) {
            return m.name().toLowerCase(Locale.ROOT);
        }

        /** Policy names are plain words; escape what a properties file would read differently anyway. */
        private static String escape(String s) {
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) {
                if (c == '\\' || c == '#' || c == '!' || c == '=' || c == ':') {
                    b.append('\\');
                }
                if (c < 0x20 || c > 0x7e) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
