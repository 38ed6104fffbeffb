package dev.pharos.process.prometheus;

/** Prometheus's staleness marker: one specific NaN, kept bit for bit through storage. */
final class StaleMarker {

    static final long BITS = 0x7ff0000000000002L;
    static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleMarker() {}
}
