package dev.pharos.access;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One API token as stored: never the token itself, only its SHA-256. Tokens are 256 random bits,
 * so a fast hash is safe (no dictionary to try) and lets every request be checked in microseconds.
 *
 * @param expires ISO-8601 instant after which the token is refused, or null for never
 */
public record TokenRecord(@JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("role") String role,
                          @JsonProperty("sha256") String sha256, @JsonProperty("created") String created,
                          @JsonProperty("expires") String expires, @JsonProperty("revoked") boolean revoked) {}
