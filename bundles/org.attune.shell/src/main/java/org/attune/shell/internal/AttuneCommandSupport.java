package org.attune.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.attune.api.orchestrator.Orchestrator;
import org.osgi.annotation.bundle.Header;

/**
 * Base of every {@code attune:*} command: the orchestrator and where to print. Karaf injects both
 * through {@link Reference}; unit tests use the setters instead.
 *
 * <p>Errors are thrown, never printed: the shell shows the exception's message.
 *
 * <p>The {@code Karaf-Commands} header makes Karaf's shell extender scan this bundle for {@code @Service}
 * classes (KARAF-NOTES trap 4). It is set here rather than in a bnd.bnd because a module's bnd.bnd makes
 * bnd-maven-plugin evaluate the parent pom's instructions as the parent project's (the symbolic name would
 * become attune-bundles).
 */
@Header(name = "Karaf-Commands", value = "*")
public abstract class AttuneCommandSupport implements Action {

    @Reference
    Orchestrator orchestrator;

    @Reference
    Session session;

    private PrintStream out;

    public void setOrchestrator(Orchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    /** Where to print; by default the session's console. */
    public void setOut(PrintStream out) {
        this.out = out;
    }

    protected PrintStream out() {
        return out != null ? out : session.getConsole();
    }

    @Override
    public final Object execute() throws Exception {
        doExecute();
        out().flush();
        // Returning null keeps the shell from printing a result of its own.
        return null;
    }

    /** Runs the command; throws on error with a message fit for a user. */
    protected abstract void doExecute() throws Exception;
}
