package dev.pharos.process.otlp;

import dev.pharos.access.Tenants;

/**
 * Which tenant the records of one resource belong to. The sender's identity decides what is
 * allowed; a configured resource attribute (e.g. {@code pharos.tenant}) may pick one of those, so
 * a shared gateway token can carry several teams. A resource naming a tenant its sender may not
 * write to is refused (counted, reported in the partial success), never re-labelled.
 *
 * @param allowed the tenants the sender may write to; the first is used when the resource names none
 * @param attribute the resource attribute naming the tenant, or null when tenants come from the sender only
 */
public record TenantStamp(Tenants allowed, String attribute) {

    /** Dev mode and tools: everything to the default tenant unless the attribute says otherwise. */
    public static TenantStamp any(String attribute) {
        return new TenantStamp(Tenants.all(), attribute);
    }

    /**
     * The tenant for a resource whose {@link #attribute} has the value {@code named} (null when the
     * resource does not carry it); null when the sender may not write there.
     */
    public String tenantFor(String named) {
        if (attribute == null || named == null) {
            return allowed.home();
        }
        return Tenants.validName(named) && allowed.allows(named) ? named : null;
    }
}
