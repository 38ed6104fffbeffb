package dev.pharos.process.redact;

import java.util.Arrays;

/**
 * The spans detectors report for one value: parallel int arrays rather than objects, so a scan that
 * finds something costs no allocation per match and one that finds nothing none at all.
 */
public final class Spans {

    private static final SecretKind[] KINDS = SecretKind.values();
    // Scratch instances live per thread; one giant value must not pin a giant array forever.
    private static final int KEPT_CAPACITY = 256;

    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int[] kinds = new int[8];
    private int size;

    /** Records {@code [start, end)}; empty spans are ignored. */
    public void add(int start, int end, SecretKind kind) {
        if (end <= start) {
            return;
        }
        if (size == starts.length) {
            int grown = size * 2;
            starts = Arrays.copyOf(starts, grown);
            ends = Arrays.copyOf(ends, grown);
            kinds = Arrays.copyOf(kinds, grown);
        }
        starts[size] = start;
        ends[size] = end;
        kinds[size] = kind.ordinal();
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public SecretKind kind(int i) {
        return KINDS[kinds[i]];
    }

    public void clear() {
        size = 0;
        if (starts.length > KEPT_CAPACITY) {
            starts = new int[8];
            ends = new int[8];
            kinds = new int[8];
        }
    }

    private boolean before(int a, int b) {
        return starts[a] < starts[b] || (starts[a] == starts[b] && (ends[a] > ends[b] || (ends[a] == ends[b] && kinds[a] < kinds[b])));
    }

    // A value rarely holds more than a handful of secrets.
    private void insertionSort() {
        for (int i = 1; i < size; i++) {
            int s = starts[i], e = ends[i], k = kinds[i];
            int j = i - 1;
            while (j >= 0 && (starts[j] > s || (starts[j] == s && (ends[j] < e || (ends[j] == e && kinds[j] > k))))) {
                starts[j + 1] = starts[j];
                ends[j + 1] = ends[j];
                kinds[j + 1] = kinds[j];
                j--;
            }
            starts[j + 1] = s;
            ends[j + 1] = e;
            kinds[j + 1] = k;
        }
    }

    // Each detector reports in order, so insertion sort would be quadratic over many detectors' long runs.
    private void indexSort() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
        int[] s = new int[starts.length];
        int[] e = new int[ends.length];
        int[] k = new int[kinds.length];
        for (int i = 0; i < size; i++) {
            s[i] = starts[order[i]];
            e[i] = ends[order[i]];
            k[i] = kinds[order[i]];
        }
        starts = s;
        ends = e;
        kinds = k;
    }

    /**
     * Orders spans by start, longest first on a tie, and folds overlapping ones into one region named
     * after the span that starts it (the earliest, then the longest). Folding rather than choosing
     * keeps every character any detector flagged out of storage, and the outcome does not depend on
     * the order detectors ran in.
     */
    void sortAndMerge() {
        if (size <= 32) {
            insertionSort();
        } else {
            indexSort();
        }
        int out = 0;
        for (int i = 0; i < size; i++) {
            if (out > 0 && starts[i] < ends[out - 1]) {
                ends[out - 1] = Math.max(ends[out - 1], ends[i]);
                continue;
            }
            starts[out] = starts[i];
            ends[out] = ends[i];
            kinds[out] = kinds[i];
            out++;
        }
        size = out;
    }
}
