package dev.pharos.query.promql.eval;

/**
 * A binary heap of (series index, value) pairs that moves elements exactly like Go's container/heap over
 * Prometheus's vectorByValueHeap (or its reverse), so that topk/bottomk/limitk pick and order ties the same way.
 * NaN sorts below every number in the value heap.
 */
final class SampleHeap {

    private final boolean reverse;
    int[] idx;
    double[] val;
    int size;

    SampleHeap(boolean reverse, int capacity) {
        this.reverse = reverse;
        this.idx = new int[Math.max(1, capacity)];
        this.val = new double[Math.max(1, capacity)];
    }

    void clear() {
        size = 0;
    }

    boolean less(int i, int j) {
        double vi = val[i];
        double vj = val[j];
        if (Double.isNaN(vi)) {
            return true;
        }
        return reverse ? vi > vj : vi < vj;
    }

    void swap(int i, int j) {
        int ti = idx[i];
        idx[i] = idx[j];
        idx[j] = ti;
        double tv = val[i];
        val[i] = val[j];
        val[j] = tv;
    }

    /** Appends without restoring the heap order (Go: appending to the slice). */
    void append(int series, double value) {
        if (size == idx.length) {
            idx = java.util.Arrays.copyOf(idx, size * 2);
            val = java.util.Arrays.copyOf(val, size * 2);
        }
        idx[size] = series;
        val[size] = value;
        size++;
    }

    void push(int series, double value) {
        append(series, value);
        up(size - 1);
    }

    void replaceTop(int series, double value) {
        idx[0] = series;
        val[0] = value;
    }

    void fix(int i) {
        if (!down(i, size)) {
            up(i);
        }
    }

    private void up(int j) {
        while (true) {
            int i = (j - 1) / 2;
            if (i == j || !less(j, i)) {
                break;
            }
            swap(i, j);
            j = i;
        }
    }

    private boolean down(int i0, int n) {
        int i = i0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && less(j2, j1)) {
                j = j2;
            }
            if (!less(j, i)) {
                break;
            }
            swap(i, j);
            i = j;
        }
        return i > i0;
    }

    /**
     * Sorts like Go's sort.Sort(sort.Reverse(heap)): insertion sort for up to 12 elements (what Go does there); a
     * stable sort by the same order for larger heaps.
     */
    void sortReversed() {
        if (size <= 12) {
            for (int i = 1; i < size; i++) {
                for (int j = i; j > 0 && less(j - 1, j); j--) {
                    swap(j, j - 1);
                }
            }
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            double va = val[a];
            double vb = val[b];
            boolean na = Double.isNaN(va);
            boolean nb = Double.isNaN(vb);
            if (na || nb) {
                return na == nb ? 0 : (na ? 1 : -1);
            }
            return reverse ? Double.compare(va, vb) : Double.compare(vb, va);
        });
        int[] ni = new int[size];
        double[] nv = new double[size];
        for (int i = 0; i < size; i++) {
            ni[i] = idx[order[i]];
            nv[i] = val[order[i]];
        }
        System.arraycopy(ni, 0, idx, 0, size);
        System.arraycopy(nv, 0, val, 0, size);
    }
}
