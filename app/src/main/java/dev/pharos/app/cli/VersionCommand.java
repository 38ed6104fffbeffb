package dev.pharos.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the Pharos version and the pinned engine version.")
public final class VersionCommand implements Runnable {

    /** The engine library the launcher pins (see CHDB_VERSION in ./pharos). */
    static final String ENGINE = "libchdb 26.5.3 (@chdb/lib-linux-x64-gnu)";

    static String pharosVersion() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void run() {
        System.out.println("pharos " + pharosVersion());
        System.out.println("engine " + ENGINE);
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pharos " + pharosVersion(), "engine " + ENGINE};
        }
    }
}
