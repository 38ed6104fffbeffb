package dev.pharos.process.pipeline.durable;

import dev.pharos.store.nativeformat.ByteSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a previous run left in the disk buffer's directory, read at start-up: every segment in LSN
 * order, each cut at its first damaged record, and the batches without a DONE record, rebuilt from
 * their APPEND and SEAL records (in the order their first rows were written).
 *
 * @param segments the segments kept, oldest first, with their sizes after any cut
 * @param pending batches not done; sealed (with their token) or still open when the run ended
 * @param nextId the first batch id not used on disk
 * @param nextBase the LSN the next segment starts at (past everything ever written here)
 * @param damaged segments that had to be cut (each counted once)
 */
record WalScan(List<Segment> segments, List<WalBatch> pending, long nextId, long nextBase, int damaged) {

    private static final Logger log = LoggerFactory.getLogger(WalScan.class);

    static WalScan of(Path dir, Runnable onDamage) throws IOException {
        List<Segment> found = new ArrayList<>();
        try (var listing = Files.list(dir)) {
            for (Path p : listing.toList()) {
                long base = Segment.baseOf(p.getFileName().toString());
                if (base >= 0) {
                    found.add(new Segment(p, base, Files.size(p)));
                }
            }
        }
        found.sort(Comparator.comparingLong(Segment::base));
        Map<Long, WalBatch> batches = new LinkedHashMap<>();
        long[] maxId = {0};
        long nextBase = 0;
        int damaged = 0;
        List<Segment> kept = new ArrayList<>();
        for (Segment s : found) {
            nextBase = Math.max(nextBase, s.end());
            SegmentScanner.Result r = SegmentScanner.scan(s, (lsn, type, payload, length) -> {
                ByteSource in = new ByteSource(payload, 0, length);
                switch (type) {
                    case WalRecord.APPEND -> {
                        for (WalRecord.Entry e : WalRecord.readAppend(in)) {
                            maxId[0] = Math.max(maxId[0], e.batch());
                            batches.computeIfAbsent(e.batch(), id -> new WalBatch(id, e.signal(), e.table(), e.layout(), WalBatch.State.OPEN))
                                    .appended(lsn, e.rows());
                        }
                    }
                    case WalRecord.SEAL -> {
                        WalRecord.Seal seal = WalRecord.readSeal(in);
                        maxId[0] = Math.max(maxId[0], seal.batch());
                        WalBatch b = batches.get(seal.batch());
                        // No APPEND seen: its rows were in deleted segments, so it was done.
                        if (b != null && b.token() == null) {
                            b.sealed(seal.token(), lsn, lsn + WalRecord.HEADER + length);
                        }
                    }
                    default -> {
                        WalRecord.Done done = WalRecord.readDone(in);
                        maxId[0] = Math.max(maxId[0], done.batch());
                        batches.remove(done.batch());
                    }
                }
            });
            if (r.damage() != null) {
                damaged++;
                onDamage.run();
                log.warn("disk buffer: {} is damaged at offset {} ({}), as a crash leaves the last write; cut there ({} bytes dropped)",
                        s.path().getFileName(), r.validSize(), r.damage(), s.size() - r.validSize());
                if (r.validSize() < Segment.HEADER) {
                    Files.delete(s.path());
                    continue;
                }
                try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.WRITE)) {
                    ch.truncate(r.validSize());
                    ch.force(true);
                }
                s.truncatedTo(r.validSize());
            }
            kept.add(s);
        }
        return new WalScan(List.copyOf(kept), List.copyOf(batches.values()), maxId[0] + 1, nextBase, damaged);
    }
}
