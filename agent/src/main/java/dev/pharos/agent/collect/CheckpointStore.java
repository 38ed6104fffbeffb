package dev.pharos.agent.collect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint file: one line per followed file ({@code device inode fingerprint-length
 * fingerprint resume delivered path}), a plain text format an operator can read. Written
 * atomically (a temporary file, fsync, rename over the old one, fsync of the directory), so a crash
 * leaves either the old or the new version, never half of one. A lock file keeps a second agent
 * off the same directory.
 */
public final class CheckpointStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final String FILE = "checkpoints.v1";
    private static final String HEADER = "# pharos agent checkpoints v1: device inode fingerprint-length fingerprint-crc32c resume-offset delivered-offset path";

    private final Path dir;
    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private CheckpointStore(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it; a clear error when it cannot be used. */
    public static CheckpointStore open(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot create the checkpoint directory " + dir + ": permission denied", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("the checkpoint directory " + dir + " is not writable");
        }
        FileChannel ch = FileChannel.open(dir.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("another pharos agent is using the checkpoint directory " + dir
                    + "; each agent needs its own (two agents on one node would send every line twice)");
        }
        return new CheckpointStore(dir, ch, lock);
    }

    public Path file() {
        return file;
    }

    /**
     * The saved checkpoints. A file that cannot be parsed is moved aside (named in the log) and
     * treated as absent: files are then read from their start, so the cost of a damaged
     * checkpoint is duplicates, never loss.
     */
    public List<Checkpoint> load() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (java.nio.charset.CharacterCodingException e) {
            return corrupt("it is not UTF-8 text");
        }
        List<Checkpoint> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ", 7);
            try {
                if (f.length != 7) {
                    throw new NumberFormatException("7 fields expected");
                }
                int fpLength = Integer.parseInt(f[2]);
                long resume = Long.parseLong(f[4]);
                long delivered = Long.parseLong(f[5]);
                if (fpLength < 0 || fpLength > Fingerprint.MAX_LENGTH || resume < 0 || delivered < resume || f[6].isEmpty()) {
                    throw new NumberFormatException("value out of range");
                }
                out.add(new Checkpoint(new FileIdentity(Long.parseLong(f[0]), Long.parseLong(f[1])),
                        new Fingerprint(fpLength, Long.parseLong(f[3])), resume, delivered, f[6]));
            } catch (NumberFormatException e) {
                return corrupt("line " + (i + 1) + " is not a checkpoint (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private List<Checkpoint> corrupt(String why) throws IOException {
        Path aside = dir.resolve(FILE + ".corrupt-" + System.currentTimeMillis());
        Files.move(file, aside);
        LOG.error("the checkpoint file {} cannot be read: {}. Moved it to {}; every file is read again from its start "
                + "(lines already sent will be sent again)", file, why, aside);
        return List.of();
    }

    /** Replaces the checkpoint file with {@code entries}, durably. */
    public void save(List<Checkpoint> entries) throws IOException {
        StringBuilder sb = new StringBuilder(64 + entries.size() * 128).append(HEADER).append('\n');
        for (Checkpoint c : entries) {
            sb.append(c.identity().device()).append(' ').append(c.identity().inode()).append(' ')
                    .append(c.fingerprint().length()).append(' ').append(c.fingerprint().crc()).append(' ')
                    .append(c.resumeOffset()).append(' ').append(c.deliveredOffset()).append(' ').append(c.path()).append('\n');
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename is durable only once the directory is: on Linux a directory opened for reading can be fsynced.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("fsync of {} not supported here: {}", dir, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
