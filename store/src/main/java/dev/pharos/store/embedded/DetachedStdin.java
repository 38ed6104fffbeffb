package dev.pharos.store.embedded;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * Points this process's stdin (fd 0) at /dev/null before the engine starts.
 *
 * <p>The engine's client code runs in this process and, when stdin is not a terminal, appends
 * whatever waits there to every INSERT, {@code FROM INFILE} ones included (ClientBase::sendData in
 * 26.5; no setting turns it off). Under a shell pipe, a supervisor, or a test runner that talks to
 * its fork over stdin, inserts then failed ({@code CANNOT_READ_ALL_DATA}, or "async inserts with
 * both inlined and external data") or could take foreign bytes for rows. No process that opens the
 * engine reads stdin ({@code pharos mcp}, which does, talks to a server over HTTP), so it gives stdin
 * up. Done with libc's open/dup2/close through FFM: Java has no way to re-point a descriptor.
 */
final class DetachedStdin {

    private static final int STDIN = 0;
    private static final int O_RDONLY = 0;
    private static boolean detached;

    private DetachedStdin() {}

    static synchronized void detach() {
        if (detached) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle dup2 = linker.downcallHandle(linker.defaultLookup().find("dup2").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int devNull = (int) open.invokeExact(arena.allocateFrom("/dev/null"), O_RDONLY);
            if (devNull < 0) {
                throw new EngineUnavailableException("cannot open /dev/null to detach stdin from the embedded engine");
            }
            int moved = (int) dup2.invokeExact(devNull, STDIN);
            if (devNull != STDIN) {
                int ignored = (int) close.invokeExact(devNull);
            }
            if (moved != STDIN) {
                throw new EngineUnavailableException("cannot point stdin at /dev/null for the embedded engine");
            }
            detached = true;
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw new EngineUnavailableException("cannot detach stdin from the embedded engine: " + t, t);
        }
    }
}
