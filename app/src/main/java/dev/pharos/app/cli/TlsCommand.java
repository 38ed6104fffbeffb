package dev.pharos.app.cli;

import dev.pharos.access.Tls;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tls", mixinStandardHelpOptions = true, description = "TLS certificates for the Pharos listeners.",
        subcommands = {TlsCommand.SelfSigned.class})
public final class TlsCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("pharos: choose self-signed (./pharos tls --help)");
    }

    @Command(name = "self-signed", mixinStandardHelpOptions = true,
            description = {"Create a self-signed certificate for a quick start (EC P-256), and print the config that uses it.",
                "Clients must trust the printed pharos.crt; use a certificate from your CA in production."})
    static final class SelfSigned implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "data/tls", description = "Where to write the files (default ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--host", split = ",", description = "Names and addresses the certificate is for (default: localhost,127.0.0.1,::1).")
        List<String> hosts;

        @Option(names = "--days", defaultValue = "365", description = "Validity in days (default ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() {
            try {
                Tls.Generated g = Tls.selfSigned(dir.toAbsolutePath(), hosts == null || hosts.isEmpty() ? List.of("localhost", "127.0.0.1", "::1") : hosts, days);
                System.err.println("pharos: wrote " + g.keystore() + ", " + g.passwordFile() + " (mode 600) and " + g.certificatePem()
                        + " (give it to clients to trust). Add to pharos.yaml:");
                System.out.println("tls:\n  keystore: " + g.keystore() + "\n  passwordFile: " + g.passwordFile());
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("pharos: " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                System.err.println("pharos: cannot create the certificate: " + e.getMessage());
                return 1;
            }
        }
    }
}
