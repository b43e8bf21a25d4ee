package org.attune.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of Attune's Pax Exam tests: runs the reactor-built distribution (karaf-assembly's tar.gz) with the
 * options Karaf needs on Java 17, and offers helpers to run shell commands, wait for services, edit
 * Config Admin configurations and install or uninstall bundles.
 *
 * <p>Subclasses add {@code @RunWith(PaxExam.class)} and {@code @ExamReactorStrategy(PerClass.class)}: one
 * container per class, so the tests of a class share its state (KARAF-NOTES trap 9). They may add options by
 * overriding {@link #extraOptions()}. {@code @Configuration} runs in the failsafe JVM, the tests in the Karaf
 * JVM: settings cross over as system properties (trap 8).
 */
public abstract class AttuneKarafTestSupport {

    /** How long to wait for the container's services and for the cluster to change. */
    protected static final Duration WAIT = Duration.ofSeconds(90);
    /** How long a shell command may take. */
    protected static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService featuresService;

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    /** Injected once the boot features (attune among them) are installed. */
    @Inject
    protected BootFinished bootFinished;

    private final ExecutorService commands = Executors.newCachedThreadPool();
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    @ProbeBuilder
    public TestProbeBuilder probeConfiguration(TestProbeBuilder probe) {
        // The test probe sees whatever the container exports (Attune's API, Karaf's shell, Awaitility).
        probe.setHeader(Constants.DYNAMICIMPORT_PACKAGE, "*");
        return probe;
    }

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(baseOptions(), extraOptions());
    }

    /** Options a test class adds, e.g. {@code editConfigurationFilePut} of an Attune .cfg. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    private Option[] baseOptions() {
        String distribution = requiredProperty("attune.distribution");
        if (!new File(distribution).isFile()) {
            throw new IllegalStateException("No distribution at " + distribution
                    + ": build karaf-assembly first (mvn verify from the root builds it before the tests)");
        }
        String karafVersion = requiredProperty("karaf.version");
        boolean keep = Boolean.getBoolean("attune.itest.keep");
        List<Option> options = new ArrayList<>(Arrays.asList(
                // KARAF-NOTES trap 7: the reactor-built tar.gz, by file: URL
                karafDistributionConfiguration()
                        .frameworkUrl(new File(distribution).toURI().toString())
                        .karafVersion(karafVersion)
                        .name("Attune")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                // trap 12: a kept runtime folder is ~66 MB a class; only on request
                when(keep).useOptions(keepRuntimeFolder()),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                // Free ports, so a running demo (8101, 1099, 44444) does not collide with the container.
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
                // trap 5: the container's pax-url-aether does not see -Dmaven.repo.local; no snapshot repositories
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        requiredProperty("attune.itest.localRepository")),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                // Awaitility inside the container (the tests run there)
                mavenBundle("org.hamcrest", "hamcrest", requiredProperty("hamcrest.version")),
                mavenBundle("org.awaitility", "awaitility", requiredProperty("awaitility.version")),
                // trap 8: what the tests need to know inside the container
                systemProperty("attune.version").value(requiredProperty("attune.version"))));
        options.addAll(java17Options(karafVersion));
        return options.toArray(new Option[0]);
    }

    /**
     * What bin/karaf passes to Java 9+ and Pax Exam does not (KARAF-NOTES trap 6). Without these karaf.log shows
     * {@code NoClassDefFoundError OsgiLocator} while simple tests still pass.
     */
    private static List<Option> java17Options(String karafVersion) {
        List<Option> options = new ArrayList<>();
        for (String opt : List.of(
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
                "-classpath",
                String.join(File.pathSeparator, "lib/jdk9plus/*", "lib/boot/*", "lib/endorsed/*"))) {
            options.add(vmOption(opt));
        }
        return options;
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("System property " + name + " is not set (see itests/pom.xml, failsafe)");
        }
        return value;
    }

    private static String freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @After
    public void closeTrackers() {
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
    }

    // ------------------------------------------------------------------ shell

    /**
     * Runs a shell command as the console would and returns what it printed; waits (bounded) for the
     * command to be registered first.
     *
     * @throws Exception the command's exception when it fails (its message is what a user would see)
     */
    protected String executeCommand(String command) throws Exception {
        String name = command.trim().split("\\s+")[0];
        awaitCommand(name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        InputStream noInput = new ByteArrayInputStream(new byte[0]);
        Future<Object> result = commands.submit(() -> {
            try (Session session = sessionFactory.create(noInput, out, out)) {
                Object value = session.execute(command);
                if (value != null) {
                    out.println(value);
                }
                return value;
            }
        });
        try {
            result.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("'" + command + "' did not end within " + COMMAND_TIMEOUT
                    + "; it printed:\n" + bytes.toString(StandardCharsets.UTF_8));
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs a command that must fail and returns its exception. */
    protected Exception executeFailingCommand(String command) {
        try {
            String output = executeCommand(command);
            throw new AssertionError("'" + command + "' was expected to fail but printed:\n" + output);
        } catch (Exception e) {
            return e;
        }
    }

    /** Waits until a command ("scope:name") is registered: Karaf registers a bundle's commands only once the
     *  services they reference are there. */
    protected void awaitCommand(String scopedName) {
        String[] parts = scopedName.split(":", 2);
        if (parts.length != 2) {
            return;
        }
        await("command " + scopedName).atMost(WAIT)
                .until(() -> sessionFactory.getRegistry().getCommand(parts[0], parts[1]) != null);
    }

    /** The lines of a {@code --no-format} table, each split into its (tab-separated) cells. */
    protected static List<List<String>> rows(String output) {
        return output.lines().filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.split("\t")).map(String::trim).collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    // --------------------------------------------------------------- services

    /** The service of that type (and filter, may be null), waiting for it up to {@link #WAIT}. */
    protected <T> T awaitService(Class<T> type, String filter) {
        String spec = "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")";
        if (filter != null) {
            spec = "(&" + spec + filter + ")";
        }
        ServiceTracker<T, T> tracker;
        try {
            tracker = new ServiceTracker<>(bundleContext, FrameworkUtil.createFilter(spec), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + filter, e);
        }
        tracker.open();
        trackers.add(tracker);
        try {
            T service = tracker.waitForService(WAIT.toMillis());
            assertNotNull("no service " + spec + " within " + WAIT, service);
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + spec, e);
        }
    }

    /** Waits until no service of that type and filter is registered. */
    protected void awaitNoService(Class<?> type, String filter) {
        await("no " + type.getSimpleName() + " " + filter).atMost(WAIT)
                .until(() -> bundleContext.getServiceReferences(type.getName(), filter) == null);
    }

    // ---------------------------------------------------------------- bundles

    /** The installed bundle with that symbolic name, or null. */
    protected Bundle bundle(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElse(null);
    }

    protected void assertBundleActive(String symbolicName) {
        Bundle b = bundle(symbolicName);
        assertNotNull("bundle " + symbolicName + " is not installed", b);
        assertEquals("state of " + symbolicName, Bundle.ACTIVE, b.getState());
    }

    /** Installs and starts a bundle from a location (e.g. an mvn: or file: URL). */
    protected Bundle installBundle(String location) throws Exception {
        Bundle b = bundleContext.installBundle(location);
        b.start();
        return b;
    }

    /** Installs and starts a bundle from a stream (e.g. a jar built by the test). */
    protected Bundle installBundle(String location, InputStream content) throws Exception {
        Bundle b = bundleContext.installBundle(location, content);
        b.start();
        return b;
    }

    /** Uninstalls the bundle with that symbolic name, if installed. */
    protected void uninstallBundle(String symbolicName) throws Exception {
        Bundle b = bundle(symbolicName);
        if (b != null) {
            b.uninstall();
        }
    }

    // ---------------------------------------------------------- configuration

    /** Creates or updates a singleton configuration (merging the given properties into what is there). */
    protected org.osgi.service.cm.Configuration updateConfiguration(String pid, Map<String, ?> properties)
            throws IOException {
        org.osgi.service.cm.Configuration config = configurationAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> merged = config.getProperties() == null ? new Hashtable<>() : config.getProperties();
        properties.forEach(merged::put);
        config.update(merged);
        return config;
    }

    /** Creates or replaces the named factory configuration (PID {@code factoryPid~name}). */
    protected org.osgi.service.cm.Configuration createFactoryConfiguration(String factoryPid, String name,
                                                                        Map<String, ?> properties) throws IOException {
        org.osgi.service.cm.Configuration config = configurationAdmin.getFactoryConfiguration(factoryPid, name, "?");
        config.update(new Hashtable<>(properties));
        return config;
    }

    /** Deletes a configuration, if it exists. */
    protected void deleteConfiguration(String pid) throws Exception {
        org.osgi.service.cm.Configuration[] found = configurationAdmin.listConfigurations(
                "(" + Constants.SERVICE_PID + "=" + pid + ")");
        if (found != null) {
            for (org.osgi.service.cm.Configuration c : found) {
                c.delete();
            }
        }
    }
}
