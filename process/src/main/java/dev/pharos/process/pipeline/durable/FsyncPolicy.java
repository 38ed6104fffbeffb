package dev.pharos.process.pipeline.durable;

import java.util.Locale;

/**
 * When the disk buffer forces what it wrote to the device. Every policy writes a request's rows to
 * the file (the kernel's page cache) before the request is acknowledged, so all three survive the
 * Pharos process dying (kill -9, OOM killer); they differ only when the machine itself goes down.
 */
public enum FsyncPolicy {
    /** fsync before acknowledging; concurrent requests share one fsync (group commit). */
    ALWAYS,
    /** fsync every {@link DiskBufferOptions#fsyncInterval()}; an acknowledgement may precede it by up to that long. */
    INTERVAL,
    /** Never fsync; the kernel writes back in its own time (about 30 s on Linux by default). */
    NEVER;

    public static FsyncPolicy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fsync must be always, interval or never, got '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
