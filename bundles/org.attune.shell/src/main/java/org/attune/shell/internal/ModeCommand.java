package org.attune.shell.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.attune.api.orchestrator.Mode;

/** Shows or changes what the orchestrator does with its plans. */
@Service
@Command(scope = "attune", name = "mode", description = "Shows the mode, or sets it: off (monitor only), recommend (plans journaled), automatic (plans executed).")
public class ModeCommand extends AttuneCommandSupport {

    @Argument(index = 0, name = "mode", required = false, description = "off, recommend or automatic; none to show the current mode")
    @Completion(value = StringsCompleter.class, values = {"off", "recommend", "automatic"}, caseSensitive = false)
    String mode;

    @Override
    protected void doExecute() {
        Mode current = orchestrator.mode();
        if (mode == null) {
            out().println(Format.lower(current));
            return;
        }
        Mode wanted = parse(mode);
        orchestrator.setMode(wanted);
        out().printf("Mode %s (was %s)%n", Format.lower(wanted), Format.lower(current));
    }

    static Mode parse(String text) {
        try {
            return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown mode '" + text + "'; use one of "
                    + Arrays.stream(Mode.values()).map(Format::lower).collect(Collectors.joining(", ")), e);
        }
    }
}
