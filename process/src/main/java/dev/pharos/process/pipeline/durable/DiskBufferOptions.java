package dev.pharos.process.pipeline.durable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The disk buffer's settings.
 *
 * @param dir where its segment files live (one process per directory; it is locked)
 * @param fsync when written records are forced to the device
 * @param fsyncInterval the period of {@link FsyncPolicy#INTERVAL}
 * @param maxBytes cap on all segment files together; beyond it the oldest waiting batches are dropped and counted
 * @param segmentBytes a segment file is closed and a new one started once it holds this much; whole segments are
 *     deleted once every batch they hold is in the engine
 */
public record DiskBufferOptions(Path dir, FsyncPolicy fsync, Duration fsyncInterval, long maxBytes, long segmentBytes) {

    public DiskBufferOptions {
        if (dir == null || fsync == null || fsyncInterval == null) {
            throw new IllegalArgumentException("dir, fsync and fsyncInterval are required");
        }
        if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
            throw new IllegalArgumentException("fsyncInterval must be positive");
        }
        if (segmentBytes < 4096 || segmentBytes > (1L << 30)) {
            throw new IllegalArgumentException("segment size must be between 4KiB and 1GiB, got " + segmentBytes);
        }
        if (maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("the size cap (" + maxBytes + " bytes) must hold at least two segments ("
                    + segmentBytes + " bytes each)");
        }
    }

    public static DiskBufferOptions defaults(Path dir) {
        return new DiskBufferOptions(dir, FsyncPolicy.ALWAYS, Duration.ofMillis(200), 8L << 30, 64L << 20);
    }
}
