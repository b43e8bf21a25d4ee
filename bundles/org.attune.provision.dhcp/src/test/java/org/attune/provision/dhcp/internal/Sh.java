package org.attune.provision.dhcp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands for the tests (network namespaces, udhcpc, apt-get); fails loudly. */
final class Sh {

    record Result(int status, String output) {
    }

    private Sh() {
    }

    static Result exec(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static String run(String... command) throws IOException, InterruptedException {
        Result r = exec(120, command);
        if (r.status() != 0) {
            throw new IOException(String.join(" ", command) + " -> " + r.status() + ": " + r.output());
        }
        return r.output();
    }

    /** Installs Debian packages whose command is missing (tests run as root, as CI does). */
    static void ensure(String command, String... packages) throws IOException, InterruptedException {
        if (exec(10, "sh", "-c", "command -v " + command).status() == 0) {
            return;
        }
        // like lab.sh install: package scripts must not start system daemons (rpcbind, a system-wide ganesha)
        java.nio.file.Path policy = java.nio.file.Path.of("/usr/sbin/policy-rc.d");
        boolean added = false;
        if (!java.nio.file.Files.exists(policy)) {
            java.nio.file.Files.writeString(policy, "#!/bin/sh\nexit 101\n");
            policy.toFile().setExecutable(true, false);
            added = true;
        }
        Result r;
        try {
            exec(300, "apt-get", "update", "-qq");
            String[] cmd = new String[6 + packages.length];
            cmd[0] = "env";
            cmd[1] = "DEBIAN_FRONTEND=noninteractive";
            cmd[2] = "apt-get";
            cmd[3] = "install";
            cmd[4] = "-y";
            cmd[5] = "--no-install-recommends";
            System.arraycopy(packages, 0, cmd, 6, packages.length);
            r = exec(600, cmd);
        } finally {
            if (added) {
                java.nio.file.Files.deleteIfExists(policy);
            }
        }
        if (r.status() != 0) {
            throw new IOException("cannot install " + List.of(packages) + ": " + r.output());
        }
    }
}
