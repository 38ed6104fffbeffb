package dev.pharos.process.otlp;

import dev.pharos.store.nativeformat.StringColumn;
import java.nio.charset.StandardCharsets;

/** The tenant of the resource being mapped, resolved once per resource and copied into each of its rows. */
final class ResourceTenant {

    private byte[] name;
    private String attribute;
    private byte[] attributeKey;

    void resolve(WireAttributes resource, TenantStamp stamp) {
        String named = null;
        if (stamp.attribute() != null) {
            if (!stamp.attribute().equals(attribute)) {
                attribute = stamp.attribute();
                attributeKey = attribute.getBytes(StandardCharsets.UTF_8);
            }
            named = resource.valueOf(attributeKey);
        }
        String t = stamp.tenantFor(named);
        name = t == null ? null : t.getBytes(StandardCharsets.UTF_8);
    }

    boolean allowed() {
        return name != null;
    }

    void write(StringColumn column) {
        column.add(name, 0, name.length);
    }
}
