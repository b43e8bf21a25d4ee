package org.attune.provision.dhcp.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A dnsmasq {@code --dhcp-hostsfile}: lines this bundle understands ({@code mac,address[,name]}) become
 * {@link Reservation}s; every other line (comments, tags, client ids) is kept verbatim. Writes replace the file
 * atomically: a temporary file in the same directory, flushed to disk, then renamed over it, so dnsmasq never
 * reads half a file and a failed write leaves the old file as it was.
 */
final class HostsFile {

    private final Path path;

    HostsFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The file's lines; an absent file is empty. */
    List<String> lines() throws IOException {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    static List<Reservation> reservations(List<String> lines) {
        List<Reservation> out = new ArrayList<>();
        for (String l : lines) {
            Reservation r = Reservation.parse(l);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    void write(List<String> lines) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
        try {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            // dnsmasq may drop privileges: the file must stay world-readable like the one it replaces.
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
