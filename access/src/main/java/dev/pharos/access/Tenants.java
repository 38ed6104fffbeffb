package dev.pharos.access;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tenants an identity may write to or read from. Every stored record carries one tenant; a
 * caller sees only rows of its tenants, enforced by the engine (see the query module's tenant filters).
 * {@code *} stands for every tenant, present and future.
 *
 * @param names tenant names in the order given; the first is the one ingest stamps by default
 */
public record Tenants(List<String> names) {

    public static final String ANY = "*";
    /** What records get when nothing names a tenant: single-tenant deployments never see another. */
    public static final String DEFAULT = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Tenants ALL = new Tenants(List.of(ANY));

    public Tenants {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an identity needs at least one tenant (or * for all)");
        }
        List<String> unique = new ArrayList<>();
        for (String n : names) {
            if (!n.equals(ANY) && !validName(n)) {
                throw new IllegalArgumentException("invalid tenant name '" + n
                        + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (or * for all)");
            }
            if (!unique.contains(n)) {
                unique.add(n);
            }
        }
        names = List.copyOf(unique);
    }

    public static Tenants all() {
        return ALL;
    }

    public static Tenants of(String... names) {
        return new Tenants(List.of(names));
    }

    /** Tenants from a stored or configured list; absent means the default tenant only. */
    public static Tenants orDefault(List<String> names) {
        return names == null || names.isEmpty() ? of(DEFAULT) : new Tenants(names);
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public boolean isAll() {
        return names.contains(ANY);
    }

    public boolean allows(String tenant) {
        return isAll() || names.contains(tenant);
    }

    /** The tenant ingest stamps on records that do not name one: the first listed, or {@value #DEFAULT} for *. */
    public String home() {
        return names.getFirst().equals(ANY) ? DEFAULT : names.getFirst();
    }

    @Override
    public String toString() {
        return String.join(",", names);
    }
}
