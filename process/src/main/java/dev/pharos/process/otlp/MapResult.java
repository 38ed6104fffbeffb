package dev.pharos.process.otlp;

/** What mapping one request produced: records taken, records refused and why (the first reason is reported to the client). */
public final class MapResult {

    private final int[] rejectedBy = new int[Rejection.values().length];
    private int accepted;
    private int rejected;
    private Rejection first;

    public void accept() {
        accepted++;
    }

    public void reject(Rejection why) {
        reject(why, 1);
    }

    public void reject(Rejection why, int count) {
        rejected += count;
        rejectedBy[why.ordinal()] += count;
        if (first == null) {
            first = why;
        }
    }

    public int accepted() {
        return accepted;
    }

    public int rejected() {
        return rejected;
    }

    public int rejected(Rejection why) {
        return rejectedBy[why.ordinal()];
    }

    /** The message for the OTLP partial-success response, empty when nothing was refused. */
    public String message() {
        if (first == null) {
            return "";
        }
        return rejected + " record(s) rejected; first reason: " + first.message();
    }
}
