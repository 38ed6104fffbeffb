package dev.pharos.store.embedded;

import static java.lang.foreign.ValueLayout.ADDRESS;

import dev.pharos.store.ClickHouseException;
import dev.pharos.store.InsertResult;
import dev.pharos.store.QueryResult;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One libchdb connection. libchdb serializes statements per connection and corrupts a connection
 * that runs a statement while a stream is open, so every native call here holds {@link #lock},
 * and a connection is used by one caller at a time (see {@link EmbeddedClickHouse}).
 */
final class EngineConnection implements AutoCloseable {

    private final ChdbLibrary lib;
    private final String label;
    private final ReentrantLock lock = new ReentrantLock();
    /** The chdb_connection* returned by chdb_connect; null once closed. */
    private MemorySegment connPtr;

    private EngineConnection(ChdbLibrary lib, String label, MemorySegment connPtr) {
        this.lib = lib;
        this.label = label;
        this.connPtr = connPtr;
    }

    static EngineConnection open(ChdbLibrary lib, String label, List<String> args) {
        MemorySegment conn = SignalGuard.preserveJvmHandlers(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment argv = arena.allocate(ADDRESS, args.size() + 1);
                for (int i = 0; i < args.size(); i++) {
                    argv.setAtIndex(ADDRESS, i, arena.allocateFrom(args.get(i)));
                }
                argv.setAtIndex(ADDRESS, args.size(), MemorySegment.NULL);
                return (MemorySegment) lib.connect.invokeExact(args.size(), argv);
            } catch (Throwable t) {
                throw new EngineUnavailableException("chdb_connect failed: " + t, t);
            }
        });
        if (conn.equals(MemorySegment.NULL) || conn.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0).equals(MemorySegment.NULL)) {
            throw new EngineUnavailableException("the embedded ClickHouse engine refused to start (" + label
                    + "); see the engine log under the data directory");
        }
        return new EngineConnection(lib, label, conn.reinterpret(ADDRESS.byteSize()));
    }

    private MemorySegment handle() {
        if (connPtr == null) {
            throw new IllegalStateException("connection " + label + " is closed");
        }
        return connPtr.get(ADDRESS, 0);
    }

    QueryResult query(String sql, String format) {
        lock.lock();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = callQuery(lib.queryN, arena, sql, format);
            try {
                throwIfError(result);
                long len = (long) lib.resultLength.invokeExact(result);
                byte[] data = copyBuffer(result, len);
                return new QueryResult(data,
                        (long) lib.resultRowsRead.invokeExact(result),
                        (long) lib.resultBytesRead.invokeExact(result),
                        (double) lib.resultElapsed.invokeExact(result));
            } finally {
                destroy(result);
            }
        } catch (ClickHouseException | IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb call failed on " + label, t);
        } finally {
            lock.unlock();
        }
    }

    InsertResult write(String sql) {
        lock.lock();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = callQuery(lib.queryN, arena, sql, "Null");
            try {
                throwIfError(result);
                return new InsertResult(
                        (long) lib.resultRowsWritten.invokeExact(result),
                        (long) lib.resultBytesWritten.invokeExact(result),
                        (double) lib.resultElapsed.invokeExact(result));
            } finally {
                destroy(result);
            }
        } catch (ClickHouseException | IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb call failed on " + label, t);
        } finally {
            lock.unlock();
        }
    }

    /** Starts a streaming query; the returned handle must be finished with {@link #destroy}. */
    MemorySegment startStream(String sql, String format) {
        lock.lock();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stream = callQuery(lib.streamQueryN, arena, sql, format);
            try {
                throwIfError(stream);
            } catch (ClickHouseException e) {
                destroy(stream);
                throw e;
            }
            return stream;
        } catch (ClickHouseException | IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb call failed on " + label, t);
        } finally {
            lock.unlock();
        }
    }

    /** The next chunk of a stream, or null at its end. */
    byte[] fetch(MemorySegment stream) {
        lock.lock();
        try {
            MemorySegment chunk = (MemorySegment) lib.streamFetch.invokeExact(handle(), stream);
            try {
                throwIfError(chunk);
                long len = (long) lib.resultLength.invokeExact(chunk);
                return len == 0 ? null : copyBuffer(chunk, len);
            } finally {
                destroy(chunk);
            }
        } catch (ClickHouseException | IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb call failed on " + label, t);
        } finally {
            lock.unlock();
        }
    }

    void cancel(MemorySegment stream) {
        lock.lock();
        try {
            lib.streamCancel.invokeExact(handle(), stream);
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb cancel failed on " + label, t);
        } finally {
            lock.unlock();
        }
    }

    void destroy(MemorySegment result) {
        if (result.equals(MemorySegment.NULL)) {
            return;
        }
        try {
            lib.destroyResult.invokeExact(result);
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb destroy failed on " + label, t);
        }
    }

    private MemorySegment callQuery(java.lang.invoke.MethodHandle fn, Arena arena, String sql, String format) throws Throwable {
        byte[] q = sql.getBytes(StandardCharsets.UTF_8);
        byte[] f = format.getBytes(StandardCharsets.UTF_8);
        MemorySegment qs = arena.allocate(q.length + 1L);
        MemorySegment.copy(q, 0, qs, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, q.length);
        MemorySegment fs = arena.allocateFrom(format);
        MemorySegment result = (MemorySegment) fn.invokeExact(handle(), qs, (long) q.length, fs, (long) f.length);
        if (result.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("libchdb returned no result on " + label);
        }
        return result;
    }

    private void throwIfError(MemorySegment result) throws Throwable {
        MemorySegment err = (MemorySegment) lib.resultError.invokeExact(result);
        if (!err.equals(MemorySegment.NULL)) {
            String message = err.reinterpret(Long.MAX_VALUE).getString(0);
            if (!message.isEmpty()) {
                throw ClickHouseException.fromEngineMessage(message);
            }
        }
    }

    private byte[] copyBuffer(MemorySegment result, long len) throws Throwable {
        if (len == 0) {
            return new byte[0];
        }
        if (len > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("result of " + len + " bytes does not fit one array; stream it instead");
        }
        MemorySegment buf = (MemorySegment) lib.resultBuffer.invokeExact(result);
        return buf.reinterpret(len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (connPtr != null) {
                lib.closeConn.invokeExact(connPtr);
                connPtr = null;
            }
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb close failed on " + label, t);
        } finally {
            lock.unlock();
        }
    }
}
