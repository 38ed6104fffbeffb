package dev.pharos.access;

import java.util.Locale;

/** What a token may do. Roles do not nest except that admin may do everything. */
public enum Role {
    /** Send telemetry (OTLP). Nothing else: a leaked agent token reads nothing. */
    INGEST,
    /** Search and read: API, UI, MCP, SQL console, metrics. */
    READ,
    /** Everything. */
    ADMIN;

    public static Role parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text + "'; use ingest, read or admin");
        }
    }

    public boolean allows(Role needed) {
        return this == ADMIN || this == needed;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
