package dev.pharos.bench.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Containers writing logs at a fixed total rate, as containerd would: CRI lines appended to
 * {@code <pods>/<namespace>_<pod>_<uid>/<container>/0.log}, spread over several containers, in
 * small writes every 10 ms. The lines look like a Java service's (about 200 bytes: time, level,
 * thread, logger, a message with numbers, a trace id) and are prepared beforehand, so writing
 * costs little next to the agent being measured.
 */
final class CriLoad implements AutoCloseable {

    private static final String[] LEVELS = {"INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"};
    private static final String[] LOGGERS = {"c.e.checkout.OrderService", "c.e.checkout.PaymentClient", "o.a.kafka.clients.NetworkClient",
        "c.e.cart.CartController", "o.h.engine.jdbc.spi.SqlExceptionHelper"};

    private final List<FileChannel> files = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();
    private long written;
    private int next;

    CriLoad(Path podsDir, String namespace, int containers) throws IOException {
        for (int i = 0; i < containers; i++) {
            Path dir = podsDir.resolve(namespace + "_app-" + i + "-7d9f4c-x2x9z_5b0c1a2e-0000-4000-8000-00000000000" + (i % 10))
                    .resolve("app");
            Files.createDirectories(dir);
            files.add(FileChannel.open(dir.resolve("0.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        }
        Random r = new Random(11);
        for (int i = 0; i < 2000; i++) {
            String msg = switch (i % 4) {
                case 0 -> "order " + r.nextInt(100_000) + " placed for customer " + r.nextInt(60_000) + " in " + r.nextInt(400)
                        + " ms (items=" + (1 + r.nextInt(9)) + ", total=" + r.nextInt(500) + "." + r.nextInt(100) + " EUR)";
                case 1 -> "GET /api/cart/" + r.nextInt(60_000) + " 200 " + r.nextInt(80) + "ms user-agent=okhttp/4.12.0";
                case 2 -> "retrying payment authorization for order " + r.nextInt(100_000) + ": attempt " + (1 + r.nextInt(3))
                        + " of 3, upstream answered 503";
                default -> "consumer group checkout-events rebalanced: partitions [" + r.nextInt(12) + ", " + r.nextInt(12) + "] assigned";
            };
            String line = " [http-nio-8080-exec-" + r.nextInt(200) + "] " + LEVELS[r.nextInt(LEVELS.length)] + " "
                    + LOGGERS[r.nextInt(LOGGERS.length)] + " - " + msg + " trace_id=" + Long.toHexString(r.nextLong())
                    + Long.toHexString(r.nextLong());
            bodies.add(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    long written() {
        return written;
    }

    /** Writes at {@code perSecond} lines a second for {@code duration}, in 10 ms steps. */
    void run(double perSecond, Duration duration) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long base = written;
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        while (true) {
            long now = System.nanoTime();
            long due = (long) ((Math.min(now, end) - start) / 1e9 * perSecond) - (written - base);
            if (due > 0) {
                write(due, buf);
            }
            if (now >= end) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private void write(long lines, ByteBuffer buf) throws IOException {
        String ts = Instant.now().toString();
        byte[] prefix = (ts.substring(0, ts.length() - 1) + (ts.length() < 24 ? ".000" : "") + "Z stdout F ").getBytes(StandardCharsets.US_ASCII);
        int perFile = (int) Math.ceil(lines / (double) files.size());
        long left = lines;
        for (FileChannel f : files) {
            buf.clear();
            for (int k = 0; k < perFile && left > 0; k++, left--) {
                byte[] body = bodies.get(next++ % bodies.size());
                if (buf.remaining() < prefix.length + body.length + 1) {
                    flush(f, buf);
                }
                buf.put(prefix).put(body).put((byte) '\n');
                written++;
            }
            flush(f, buf);
        }
    }

    private static void flush(FileChannel f, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            f.write(buf);
        }
        buf.clear();
    }

    @Override
    public void close() throws IOException {
        for (FileChannel f : files) {
            f.close();
        }
    }
}
