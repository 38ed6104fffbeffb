package dev.pharos.app.cli;

import dev.pharos.access.Role;
import dev.pharos.access.Tenants;
import dev.pharos.access.TokenRecord;
import dev.pharos.access.TokenStore;
import dev.pharos.app.config.ConfigLoader;
import dev.pharos.app.config.DurationText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke API tokens (used when auth.mode is tokens).",
            "Tokens are stored hashed in <data>/access/tokens.json; a running server picks changes up within a second."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("pharos: choose create, list or revoke (./pharos token --help)");
    }

    /** Where the tokens are: the data directory given, or the config file's one. */
    static final class Store {
        @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: the config's, ./data).")
        Path data;

        @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: pharos.yaml if present).")
        Path config;

        TokenStore open() {
            String dir = data != null ? data.toString() : ConfigLoader.load(config).dataDir();
            return new TokenStore(Path.of(dir).toAbsolutePath().normalize());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it once.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "Who or what uses it, e.g. grafana, agent-eu1, alice.")
        String name;

        @Option(names = "--role", required = true, description = "ingest (send telemetry only), read (search, UI, MCP, SQL) or admin.")
        String role;

        @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime, e.g. 90d, 12h (default: never).")
        String expires;

        @Option(names = "--tenant", paramLabel = "TENANT", split = ",",
                description = "Tenant(s) it writes to or reads, repeatable or comma-separated; * for all. An ingest token"
                        + " stamps its first tenant on what it sends. Default: * for admin, 'default' otherwise.")
        java.util.List<String> tenants;

        @Mixin
        Store store;

        @Override
        public Integer call() {
            try {
                java.time.Duration validFor = expires == null ? null : expires.endsWith("d")
                        ? java.time.Duration.ofDays(Long.parseLong(expires.substring(0, expires.length() - 1))) : DurationText.parse(expires);
                Role r = Role.parse(role);
                Tenants scope = tenants != null ? new Tenants(tenants) : r == Role.ADMIN ? Tenants.all() : Tenants.of(Tenants.DEFAULT);
                TokenStore.Created c = store.open().create(name, r, scope, validFor);
                System.err.println("pharos: token '" + name + "' (" + c.record().role() + ", tenants " + scope + ", id " + c.record().id() + ") created"
                        + (c.record().expires() == null ? "" : ", expires " + c.record().expires())
                        + ". It is shown only now; store it in a secret manager:");
                System.out.println(c.token());
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("pharos: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        Store store;

        @Override
        public Integer call() {
            System.out.printf("%-14s %-20s %-7s %-16s %-8s %-27s %s%n", "ID", "NAME", "ROLE", "TENANTS", "STATE", "CREATED", "EXPIRES");
            for (TokenRecord t : store.open().list()) {
                boolean expired = t.expires() != null && java.time.Instant.parse(t.expires()).isBefore(java.time.Instant.now());
                System.out.printf("%-14s %-20s %-7s %-16s %-8s %-27s %s%n", t.id(), t.name(), t.role(), t.tenantSet(),
                        t.revoked() ? "revoked" : expired ? "expired" : "active", t.created(), t.expires() == null ? "never" : t.expires());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id or name; it is refused within a second.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID_OR_NAME")
        String which;

        @Mixin
        Store store;

        @Override
        public Integer call() {
            try {
                TokenRecord t = store.open().revoke(which);
                System.err.println("pharos: token '" + t.name() + "' (" + t.id() + ") revoked");
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("pharos: " + e.getMessage());
                return 2;
            }
        }
    }
}
