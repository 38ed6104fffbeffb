package dev.pharos.store.embedded;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Keeps the JVM's signal handlers in place across calls into libchdb.
 *
 * <p>chdb_connect installs ClickHouse's own handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL and more.
 * The JVM relies on SIGSEGV to turn null dereferences and stack overflows into exceptions, so
 * with ClickHouse's handler in place the next NullPointerException kills the process.
 * chdb_set_signal_handlers_enabled(0) does not prevent this in 26.5, so we snapshot every signal
 * action before the call and put it back afterwards, without needing LD_PRELOAD of libjsig.
 */
final class SignalGuard {

    /** Larger than glibc's struct sigaction on x86_64 (152 bytes) and aarch64; treated as opaque. */
    private static final long SIGACTION_BYTES = 256;
    /** Standard signals 1..31; real-time signals are not touched by ClickHouse or the JVM's crash handling. */
    private static final int MAX_SIGNAL = 31;
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;

    private static final MethodHandle SIGACTION = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private SignalGuard() {}

    /** Runs {@code call} and restores every signal action it changed. */
    static <T> T preserveJvmHandlers(java.util.function.Supplier<T> call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] saved = new MemorySegment[MAX_SIGNAL + 1];
            for (int sig = 1; sig <= MAX_SIGNAL; sig++) {
                if (sig == SIGKILL || sig == SIGSTOP) {
                    continue;
                }
                MemorySegment old = arena.allocate(SIGACTION_BYTES);
                if (sigaction(sig, MemorySegment.NULL, old) == 0) {
                    saved[sig] = old;
                }
            }
            try {
                return call.get();
            } finally {
                for (int sig = 1; sig <= MAX_SIGNAL; sig++) {
                    if (saved[sig] != null) {
                        sigaction(sig, saved[sig], MemorySegment.NULL);
                    }
                }
            }
        }
    }

    private static int sigaction(int sig, MemorySegment act, MemorySegment old) {
        try {
            return (int) SIGACTION.invokeExact(sig, act, old);
        } catch (Throwable t) {
            throw new IllegalStateException("sigaction failed", t);
        }
    }
}
