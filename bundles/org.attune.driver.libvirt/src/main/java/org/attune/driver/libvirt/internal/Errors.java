package org.attune.driver.libvirt.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/** Turns libvirt failures into one-line messages fit for a user. */
final class Errors {

    private Errors() {
    }

    /** libvirt's own message (its first line), or the error code when it has none. */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof LibvirtException le) {
            String message = le.getMessage();
            if (message == null || message.isBlank()) {
                ErrorNumber code = code(le);
                return code == null ? "unknown libvirt error" : code.name();
            }
            return firstLine(message);
        }
        return LibvirtRuntime.describe(t);
    }

    /** libvirt's error code, or null when unknown. */
    static ErrorNumber code(LibvirtException e) {
        return e.getError() == null ? null : e.getError().getCode();
    }

    private static String firstLine(String message) {
        String m = message.strip();
        int newline = m.indexOf('\n');
        return newline > 0 ? m.substring(0, newline) : m;
    }
}
