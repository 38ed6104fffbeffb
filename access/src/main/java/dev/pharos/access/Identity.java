package dev.pharos.access;

/**
 * Who is calling. {@code name} is what the audit log records; {@code role} what they may do;
 * {@code tenants} whose data they may write or read.
 *
 * @param tokenId the token's public id, or null for the unauthenticated loopback dev mode
 */
public record Identity(String name, Role role, String tokenId, Tenants tenants) {

    /** The caller in dev mode (no authentication, loopback only): sees every tenant. */
    public static Identity local(String address) {
        return new Identity("anonymous@" + address, Role.ADMIN, null, Tenants.all());
    }
}
