package dev.pharos.agent.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which file a path names right now: device and inode, which survive a rename (so a rotated file
 * is still recognised) and change when a new file takes the path. Inode numbers are reused after
 * a delete, so {@link Fingerprint} backs this up when a checkpoint is matched to a file.
 */
public record FileIdentity(long device, long inode) {

    /** The identity and size of what {@code path} names (following symbolic links, as Docker's pod logs are). */
    public static Stat stat(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,isRegularFile");
        return new Stat(new FileIdentity((Long) a.get("dev"), (Long) a.get("ino")), (Long) a.get("size"),
                (Boolean) a.get("isRegularFile"));
    }

    @Override
    public String toString() {
        return device + ":" + inode;
    }

    /** A file's identity and size at one moment. */
    public record Stat(FileIdentity identity, long size, boolean regularFile) {}
}
