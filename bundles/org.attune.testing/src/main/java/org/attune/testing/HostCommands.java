package org.attune.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on the test machine for the tests of several bundles (network namespaces, udhcpc, apt-get) and
 * installs the Debian packages a test needs when they are missing, as CI does on a fresh machine. Fails loudly. A test
 * that uses it needs more than the JVM: mark it {@link SystemTest}.
 */
public final class HostCommands {

    /** A command's exit status and its output (stdout and stderr together). */
    public record Result(int status, String output) {
    }

    private HostCommands() {
    }

    /** Runs a command with no input; throws when it outlives the timeout (after killing it). */
    public static Result exec(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed within 120 s; returns its output. */
    public static String run(String... command) throws IOException, InterruptedException {
        Result r = exec(120, command);
        if (r.status() != 0) {
            throw new IOException(String.join(" ", command) + " -> " + r.status() + ": " + r.output());
        }
        return r.output();
    }

    /**
     * Installs Debian packages when {@code command} is missing: apt-get update first (a fresh machine has no package
     * lists), no recommends, and no package script may start a system daemon (like lab.sh install). Tests run as
     * root, as CI does.
     */
    public static synchronized void ensure(String command, String... packages)
            throws IOException, InterruptedException {
        if (exec(10, "sh", "-c", "command -v " + command).status() == 0) {
            return;
        }
        Path policy = Path.of("/usr/sbin/policy-rc.d");
        boolean added = false;
        if (!Files.exists(policy)) {
            Files.writeString(policy, "#!/bin/sh\nexit 101\n");
            policy.toFile().setExecutable(true, false);
            added = true;
        }
        Result r;
        try {
            r = exec(300, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "update", "-qq");
            if (r.status() == 0) {
                List<String> install = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get",
                        "install", "-y", "-qq", "--no-install-recommends"));
                install.addAll(List.of(packages));
                r = exec(600, install.toArray(String[]::new));
            }
        } finally {
            if (added) {
                Files.deleteIfExists(policy);
            }
        }
        if (r.status() != 0) {
            throw new IOException("cannot install " + List.of(packages) + " for " + command + ": " + r.output());
        }
        if (exec(10, "sh", "-c", "command -v " + command).status() != 0) {
            throw new IOException(command + " is still missing after installing " + List.of(packages));
        }
    }
}
