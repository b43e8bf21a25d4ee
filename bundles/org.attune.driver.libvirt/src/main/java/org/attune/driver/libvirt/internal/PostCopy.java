package org.attune.driver.libvirt.internal;

import java.lang.reflect.Field;

import org.libvirt.Domain;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code virDomainMigrateStartPostCopy}, which libvirt-java 0.5.4 does not bind: without it a migration started with
 * {@code VIR_MIGRATE_POSTCOPY} only enables post-copy and never switches to it. Bound here through JNA on the same
 * native library; the domain's native pointer is read from libvirt-java's package-private field.
 */
final class PostCopy {

    interface Native2 extends com.sun.jna.Library {
        int virDomainMigrateStartPostCopy(Pointer domain, int flags);
    }

    private static volatile Native2 lib;

    private PostCopy() {
    }

    /**
     * Switches the running outgoing migration of {@code domain} to post-copy.
     *
     * @return null when switched, otherwise why not (libvirt's message)
     */
    static String start(Domain domain) {
        try {
            Field f = Domain.class.getDeclaredField("vdp");
            f.setAccessible(true);
            DomainPointer p = (DomainPointer) f.get(domain);
            if (p == null) {
                return "domain object already freed";
            }
            if (lib == null) {
                lib = Native.load("virt", Native2.class);
            }
            if (lib.virDomainMigrateStartPostCopy(p.getPointer(), 0) == 0) {
                return null;
            }
            virError error = Libvirt.INSTANCE.virGetLastError();
            return error == null || error.message == null ? "refused" : error.message;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "post-copy switch not available: " + LibvirtRuntime.describe(e);
        }
    }
}
