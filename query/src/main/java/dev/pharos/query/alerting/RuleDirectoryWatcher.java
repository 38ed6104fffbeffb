package dev.pharos.query.alerting;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a reload when anything in the rule directory changes. Any event counts (Kubernetes mounts
 * ConfigMaps through a symlinked directory swap, not a write to the *.yml files), and events are
 * coalesced: the reload runs once things have been quiet for {@link #QUIET_MS}, so an editor's
 * save-as-rename or a copy of several files is one reload.
 */
public final class RuleDirectoryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleDirectoryWatcher.class);
    static final long QUIET_MS = 500;

    private final WatchService watcher;
    private final Runnable reload;
    private final Thread thread;

    private RuleDirectoryWatcher(WatchService watcher, Runnable reload) {
        this.watcher = watcher;
        this.reload = reload;
        this.thread = Thread.ofVirtual().name("rule-directory-watcher").unstarted(this::run);
    }

    public static RuleDirectoryWatcher start(Path directory, Runnable reload) throws IOException {
        WatchService ws = FileSystems.getDefault().newWatchService();
        directory.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        RuleDirectoryWatcher w = new RuleDirectoryWatcher(ws, reload);
        w.thread.start();
        return w;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                drain(key);
                // Wait for quiet: more events within the pause extend it.
                WatchKey more;
                while ((more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    LOG.error("reloading rules after a change failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
        thread.interrupt();
    }
}
