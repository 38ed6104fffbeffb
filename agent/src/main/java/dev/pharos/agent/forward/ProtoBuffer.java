package dev.pharos.agent.forward;

import java.util.Arrays;

/**
 * A growable byte array with the protobuf wire primitives the encoder needs. Lengths are always
 * computed before a nested message is written, so nothing is patched afterwards.
 */
final class ProtoBuffer {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;

    private byte[] a;
    private int n;

    ProtoBuffer(int capacity) {
        a = new byte[capacity];
    }

    int size() {
        return n;
    }

    byte[] array() {
        return a;
    }

    void reset() {
        n = 0;
    }

    int capacity() {
        return a.length;
    }

    /** Gives back memory after an unusually large batch. */
    void shrinkTo(long capacity) {
        if (a.length > capacity) {
            a = new byte[(int) capacity];
            n = 0;
        }
    }

    private void ensure(int more) {
        if (n + more > a.length) {
            a = Arrays.copyOf(a, Math.max(n + more, a.length * 2));
        }
    }

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            a[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        a[n++] = (byte) v;
    }

    void fixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            a[n++] = (byte) (v >>> (8 * i));
        }
    }

    void bytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, a, n, length);
        n += length;
    }

    void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    /** A length-delimited field: tag, length, bytes. */
    void field(int field, byte[] b, int offset, int length) {
        tag(field, LEN);
        varint(length);
        bytes(b, offset, length);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(a, n);
    }

    static int varintSize(long v) {
        int size = 1;
        while ((v & ~0x7FL) != 0) {
            size++;
            v >>>= 7;
        }
        return size;
    }

    static int tagSize(int field) {
        return varintSize((long) field << 3);
    }

    /** Size of a length-delimited field holding {@code length} bytes. */
    static int fieldSize(int field, int length) {
        return tagSize(field) + varintSize(length) + length;
    }
}
