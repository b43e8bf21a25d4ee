package org.attune.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks a test class or method that needs more than the JVM: it installs Debian packages, starts daemons or child
 * processes (dnsmasq, nfs-ganesha, ipmi_sim, Apache, libvirt), or creates network namespaces. Such tests carry the
 * JUnit tag {@value #TAG}; {@code ./mvnw -Punit verify} leaves them out and runs only the tests that need nothing but
 * the JVM, while {@code ./mvnw verify} runs everything.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(SystemTest.TAG)
public @interface SystemTest {

    /** The JUnit tag: what the {@code unit} profile excludes. */
    String TAG = "system";
}
