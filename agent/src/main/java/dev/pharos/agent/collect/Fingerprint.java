package dev.pharos.agent.collect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A checksum of a file's first bytes (up to {@link #MAX_LENGTH}). It tells a file apart from a
 * later one that reused its inode, notices a truncation the size alone would miss (the file was
 * truncated and grew past the old offset before the next look), and recognises the copy that
 * copytruncate rotation leaves behind.
 *
 * @param length how many leading bytes the checksum covers (0 for an empty file, which matches anything)
 */
public record Fingerprint(int length, long crc) {

    public static final int MAX_LENGTH = 256;
    public static final Fingerprint EMPTY = new Fingerprint(0, 0);

    /** The fingerprint of the first {@code min(size, MAX_LENGTH)} bytes of the channel's file. */
    public static Fingerprint of(FileChannel channel) throws IOException {
        return of(channel, (int) Math.min(MAX_LENGTH, channel.size()));
    }

    /** The fingerprint of exactly the first {@code length} bytes, or null when the file is shorter. */
    public static Fingerprint of(FileChannel channel, int length) throws IOException {
        if (length == 0) {
            return EMPTY;
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, buf.position()) < 0) {
                return null;
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, length);
        return new Fingerprint(length, crc.getValue());
    }

    /** True when the channel's file starts with the bytes this fingerprint was taken from. */
    public boolean matches(FileChannel channel) throws IOException {
        if (length == 0) {
            return true;
        }
        if (channel.size() < length) {
            return false;
        }
        return equals(of(channel, length));
    }

    /** True when this fingerprint is complete, or the file has grown enough to take a longer one. */
    public boolean isFinal() {
        return length == MAX_LENGTH;
    }
}
