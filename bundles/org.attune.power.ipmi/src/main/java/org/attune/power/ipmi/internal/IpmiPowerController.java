package org.attune.power.ipmi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.attune.api.PowerState;
import org.attune.api.power.PowerController;
import org.attune.api.power.PowerException;

/**
 * Switches one host through its BMC by running {@code ipmitool -I lanplus -C <suite> -H <address> -p <port>
 * -U <user> -E chassis power on|off|soft|status}. The argument list goes to {@link ProcessBuilder} directly (no
 * shell) and the password only through ipmitool's environment ({@code IPMI_PASSWORD}, read because of {@code -E}),
 * so it shows neither in the process list nor in any message: ipmitool's output is scrubbed of it as well before it
 * is quoted in an exception.
 *
 * <p>Each call blocks for at most {@code timeoutSeconds}; calls are serialized per BMC (a BMC handles few sessions).
 */
public class IpmiPowerController implements PowerController {

    /** Value of the {@link PowerController#TYPE} service property. */
    public static final String TYPE = "ipmi";

    private final IpmiSettings settings;

    public IpmiPowerController(IpmiSettings settings) {
        this.settings = settings;
    }

    public IpmiSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "ipmi:" + settings.hostId();
    }

    @Override
    public boolean controls(String hostId) {
        return settings.hostId().equals(hostId);
    }

    @Override
    public Optional<PowerState> state(String hostId) throws PowerException {
        check(hostId);
        String out = run("status").toLowerCase(Locale.ROOT);
        if (out.contains("power is on")) {
            return Optional.of(PowerState.ON);
        }
        if (out.contains("power is off")) {
            return Optional.of(PowerState.OFF);
        }
        throw new PowerException("BMC of host " + hostId + " gave an unexpected power status: " + out.trim());
    }

    @Override
    public void powerOn(String hostId) throws PowerException {
        check(hostId);
        run("on");
    }

    @Override
    public void powerOff(String hostId) throws PowerException {
        check(hostId);
        run(settings.softOff() ? "soft" : "off");
    }

    private void check(String hostId) throws PowerException {
        if (!controls(hostId)) {
            throw new PowerException("IPMI controller " + name() + " does not control host " + hostId);
        }
    }

    /** The ipmitool command line for {@code chassis power <verb>}; never contains the password. */
    List<String> command(String verb) {
        List<String> cmd = new ArrayList<>();
        cmd.add(settings.ipmitool());
        cmd.add("-I");
        cmd.add("lanplus");
        cmd.add("-C");
        cmd.add(Integer.toString(settings.cipherSuite()));
        cmd.add("-H");
        cmd.add(settings.address());
        cmd.add("-p");
        cmd.add(Integer.toString(settings.port()));
        cmd.add("-U");
        cmd.add(settings.username());
        cmd.add("-E");
        cmd.add("chassis");
        cmd.add("power");
        cmd.add(verb);
        return cmd;
    }

    private synchronized String run(String verb) throws PowerException {
        String what = "ipmitool chassis power " + verb + " for host " + settings.hostId() + " (BMC "
                + settings.address() + ":" + settings.port() + ")";
        String password = password(what);
        ProcessBuilder pb = new ProcessBuilder(command(verb)).redirectErrorStream(true);
        pb.environment().put("IPMI_PASSWORD", password);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PowerException(what + " could not start: " + scrub(e.getMessage(), password)
                    + " (install ipmitool, e.g. apt-get install ipmitool)");
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            if (!process.waitFor(settings.timeoutSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new PowerException(what + " timed out after " + settings.timeoutSeconds() + " s");
            }
            String out = scrub(output.get(settings.timeoutSeconds(), TimeUnit.SECONDS), password);
            if (process.exitValue() != 0) {
                throw new PowerException(what + " failed (exit " + process.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PowerException(what + " interrupted");
        } catch (ExecutionException | TimeoutException | IOException e) {
            process.destroyForcibly();
            throw new PowerException(what + " failed: " + scrub(String.valueOf(e.getMessage()), password));
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The inline password, or the first line of the password file read now (so it can be rotated). */
    private String password(String what) throws PowerException {
        if (settings.passwordFile().isEmpty()) {
            return settings.password();
        }
        String line;
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(settings.passwordFile()),
                StandardCharsets.UTF_8)) {
            line = r.readLine();
        } catch (IOException e) {
            // The path is configuration, not a secret; the exception text never holds the file's content.
            throw new PowerException(what + ": cannot read passwordFile " + settings.passwordFile() + ": " + e);
        }
        if (!IpmiSettings.validPassword(line)) {
            throw new PowerException(what + ": the first line of passwordFile " + settings.passwordFile()
                    + " must be a password of 1 to 20 characters");
        }
        return line;
    }

    /** Removes the password from anything that might be shown, should a tool ever echo it. */
    static String scrub(String text, String password) {
        if (text == null) {
            return "";
        }
        return password.isEmpty() ? text : text.replace(password, "****");
    }
}
