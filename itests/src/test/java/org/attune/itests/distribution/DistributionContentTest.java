package org.attune.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the distribution tar.gz ships, read in-process: listeners on loopback only, no well-known login,
 * the scripts executable, and a startup that starts something.
 */
class DistributionContentTest {

    private static final String PREFIX = "attune-" + System.getProperty("attune.version", "0.1.0-SNAPSHOT") + "/";
    private static final Map<String, byte[]> FILES = new HashMap<>();
    private static final Map<String, Integer> MODES = new HashMap<>();
    private static final java.util.Set<String> SYSTEM_JARS = new java.util.TreeSet<>();

    @BeforeAll
    static void readDistribution() throws IOException {
        Path tarGz = Path.of(System.getProperty("attune.distribution"));
        assertThat(tarGz).as("the distribution built by karaf-assembly").isRegularFile();
        try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarGz)));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && (entry.getName().contains("/etc/") || entry.getName().contains("/bin/"))) {
                    FILES.put(entry.getName(), tar.readAllBytes());
                    MODES.put(entry.getName(), entry.getMode());
                } else if (entry.isFile() && entry.getName().startsWith(PREFIX + "system/")
                        && entry.getName().endsWith(".jar")) {
                    SYSTEM_JARS.add(entry.getName().substring(entry.getName().lastIndexOf('/') + 1));
                }
            }
        }
    }

    private static String text(String path) {
        byte[] content = FILES.get(PREFIX + path);
        assertThat(content).as(path + " in the distribution").isNotNull();
        return new String(content, StandardCharsets.UTF_8);
    }

    private static Properties properties(String path) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.StringReader(text(path)));
        return p;
    }

    @Test
    void sshAndJmxListenOnLoopbackOnly() throws IOException {
        assertThat(properties("etc/org.apache.karaf.shell.cfg").getProperty("sshHost")).isEqualTo("127.0.0.1");
        Properties management = properties("etc/org.apache.karaf.management.cfg");
        assertThat(management.getProperty("rmiRegistryHost")).isEqualTo("127.0.0.1");
        assertThat(management.getProperty("rmiServerHost")).isEqualTo("127.0.0.1");
        assertThat(management.getProperty("jmxmpEnabled")).isEqualTo("false");
        assertThat(properties("etc/config.properties").getProperty("karaf.shutdown.host")).isEqualTo("127.0.0.1");
    }

    @Test
    void shipsNoUserAndNoPassword() throws IOException {
        List<String> active = text("etc/users.properties").lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
        assertThat(active).as("uncommented lines of users.properties").isEmpty();
        assertThat(FILES).doesNotContainKey(PREFIX + "etc/attune.password");
        assertThat(properties("etc/org.apache.karaf.jaas.cfg").getProperty("encryption.enabled")).isEqualTo("true");
    }

    @Test
    void setenvCreatesTheAdminUserAtFirstStart() {
        String setenv = text("bin/setenv");
        assertThat(setenv).contains("attune = ${attune_password},_g_:admingroup",
                "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh", "chmod 600");
    }

    @Test
    void scriptsAreExecutable() {
        for (String script : List.of("bin/karaf", "bin/start", "bin/stop", "bin/client", "bin/setenv", "bin/attune-demo")) {
            assertThat(MODES.get(PREFIX + script)).as(script + " mode").isNotNull()
                    .satisfies(mode -> assertThat(mode & 0100).as(script + " executable by its owner").isNotZero());
        }
    }

    @Test
    void startupStartsTheFrameworkAndBootInstallsAttune() throws IOException {
        // An empty startup.properties boots a Karaf that starts nothing and logs nothing (framework listed as a
        // boot feature did that once).
        assertThat(properties("etc/startup.properties").stringPropertyNames())
                .anyMatch(k -> k.contains("org.apache.karaf.features.core"));
        assertThat(properties("etc/org.apache.karaf.features.cfg").getProperty("featuresBoot"))
                .contains("attune/", "scr/", "shell/", "ssh/", "jaas/");
        // Without Event Admin, logins are audited in the log instead of warning at each one.
        Properties jaas = properties("etc/org.apache.karaf.jaas.cfg");
        assertThat(jaas.getProperty("audit.eventadmin.enabled")).isEqualTo("false");
        assertThat(jaas.getProperty("audit.log.enabled")).isEqualTo("true");
    }

    @Test
    void theLibvirtFeatureInstallsOffline_itsBundlesAreInSystem() throws IOException {
        // Not a boot feature (it needs the native libvirt), but feature:install must not need a Maven repository:
        // a fresh machine's ~/.m2 holds none of our bundles (LibvirtFeatureIT failed on a machine with an empty one).
        // (libvirt-java is embedded in the driver bundle)
        assertThat(SYSTEM_JARS).anyMatch(j -> j.startsWith("org.attune.driver.libvirt-"))
                .anyMatch(j -> j.startsWith("org.attune.probe.cpu-")).anyMatch(j -> j.startsWith("jna-5."));
        assertThat(properties("etc/org.apache.karaf.features.cfg").getProperty("featuresBoot"))
                .doesNotContain("attune-driver-libvirt");
    }

    @Test
    void theDemoRefusesJavaOtherThan17() {
        assertThat(text("bin/attune-demo")).contains("/usr/lib/jvm/java-17*", "Java 17 only");
    }
}
