package dev.pharos.access;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One API token as stored: never the token itself, only its SHA-256. Tokens are 256 random bits,
 * so a fast hash is safe (no dictionary to try) and lets every request be checked in microseconds.
 *
 * @param expires ISO-8601 instant after which the token is refused, or null for never
 * @param tenants the tenants it writes to (ingest: the first, unless a configured resource attribute names
 *     another allowed one) or reads; absent in files written before tenancy, meaning the default tenant
 */
public record TokenRecord(@JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("role") String role,
                          @JsonProperty("sha256") String sha256, @JsonProperty("created") String created,
                          @JsonProperty("expires") String expires, @JsonProperty("revoked") boolean revoked,
                          @JsonProperty("tenants") java.util.List<String> tenants) {

    public Tenants tenantSet() {
        return Tenants.orDefault(tenants);
    }

    TokenRecord asRevoked() {
        return new TokenRecord(id, name, role, sha256, created, expires, true, tenants);
    }
}
