package dev.pharos.process.otlp;

import java.util.Arrays;

/** A reusable list of [start, end) ranges: where a message's repeated fields are in the request. */
final class IntPairs {

    private int[] data = new int[64];
    private int size;

    void clear() {
        size = 0;
    }

    void add(int start, int end) {
        if (2 * size + 2 > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[2 * size] = start;
        data[2 * size + 1] = end;
        size++;
    }

    int size() {
        return size;
    }

    int start(int i) {
        return data[2 * i];
    }

    int end(int i) {
        return data[2 * i + 1];
    }
}
