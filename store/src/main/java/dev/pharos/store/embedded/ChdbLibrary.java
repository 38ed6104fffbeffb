package dev.pharos.store.embedded;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downcall handles for the C API of libchdb (chdb.h of chDB 26.5). Written by hand because no
 * maintained Java binding of chDB exists; it covers only the calls Pharos uses.
 *
 * <p>Loaded once per process: the engine supports a single storage path per process anyway.
 */
final class ChdbLibrary {

    /** System property naming the libchdb.so file; the launcher sets it. */
    static final String LIB_PROPERTY = "pharos.chdb.lib";

    private static volatile ChdbLibrary instance;

    final MethodHandle connect;            // chdb_connection* chdb_connect(int argc, char** argv)
    final MethodHandle closeConn;          // void chdb_close_conn(chdb_connection* conn)
    final MethodHandle queryN;             // chdb_result* chdb_query_n(conn, q, qlen, fmt, fmtlen)
    final MethodHandle streamQueryN;       // chdb_result* chdb_stream_query_n(conn, q, qlen, fmt, fmtlen)
    final MethodHandle streamFetch;        // chdb_result* chdb_stream_fetch_result(conn, stream)
    final MethodHandle streamCancel;       // void chdb_stream_cancel_query(conn, stream)
    final MethodHandle destroyResult;      // void chdb_destroy_query_result(chdb_result*)
    final MethodHandle resultBuffer;       // char* chdb_result_buffer(chdb_result*)
    final MethodHandle resultLength;       // size_t chdb_result_length(chdb_result*)
    final MethodHandle resultError;        // const char* chdb_result_error(chdb_result*)
    final MethodHandle resultElapsed;      // double chdb_result_elapsed(chdb_result*)
    final MethodHandle resultRowsRead;     // uint64_t chdb_result_rows_read(chdb_result*)
    final MethodHandle resultBytesRead;    // uint64_t chdb_result_bytes_read(chdb_result*)
    final MethodHandle resultRowsWritten;  // uint64_t chdb_result_rows_written(chdb_result*)
    final MethodHandle resultBytesWritten; // uint64_t chdb_result_bytes_written(chdb_result*)

    private ChdbLibrary(Path file) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(file, Arena.global());
        connect = handle(linker, lib, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        closeConn = handle(linker, lib, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
        FunctionDescriptor queryDesc = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
        queryN = handle(linker, lib, "chdb_query_n", queryDesc);
        streamQueryN = handle(linker, lib, "chdb_stream_query_n", queryDesc);
        streamFetch = handle(linker, lib, "chdb_stream_fetch_result", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        streamCancel = handle(linker, lib, "chdb_stream_cancel_query", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        destroyResult = handle(linker, lib, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
        resultBuffer = handle(linker, lib, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = handle(linker, lib, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = handle(linker, lib, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultElapsed = handle(linker, lib, "chdb_result_elapsed", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        resultRowsRead = handle(linker, lib, "chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesRead = handle(linker, lib, "chdb_result_bytes_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultRowsWritten = handle(linker, lib, "chdb_result_rows_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesWritten = handle(linker, lib, "chdb_result_bytes_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lib, String name, FunctionDescriptor desc) {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new EngineUnavailableException(
                "libchdb has no symbol " + name + ": the installed library is not the pinned chDB version; run ./pharos setup"));
        return linker.downcallHandle(symbol, desc);
    }

    static ChdbLibrary load() {
        ChdbLibrary lib = instance;
        if (lib == null) {
            synchronized (ChdbLibrary.class) {
                lib = instance;
                if (lib == null) {
                    lib = new ChdbLibrary(locate());
                    instance = lib;
                }
            }
        }
        return lib;
    }

    static Path locate() {
        String configured = System.getProperty(LIB_PROPERTY, "");
        if (configured.isBlank()) {
            throw new EngineUnavailableException("the embedded ClickHouse engine library is not configured (system property "
                    + LIB_PROPERTY + "); start Pharos through ./pharos, which installs and points to libchdb.so");
        }
        Path file = Path.of(configured);
        if (!Files.isReadable(file)) {
            throw new EngineUnavailableException("libchdb.so not found at " + file + "; run ./pharos setup to install it");
        }
        return file;
    }
}
