package dev.pharos.agent.collect;

/**
 * The CRI log format written by containerd and CRI-O:
 * {@code <RFC3339Nano time> <stdout|stderr> <tags> <content>}, where the first tag is {@code F}
 * (a full line, or the last piece of one) or {@code P} (a partial: the runtime cut a long line,
 * the next line of the same stream continues it). More tags may follow after ':' (the CRI spec
 * reserves them); they are ignored.
 */
public final class CriFormat implements LineFormat {

    public static final CriFormat INSTANCE = new CriFormat();

    private static final byte[] STDOUT = {'s', 't', 'd', 'o', 'u', 't'};
    private static final byte[] STDERR = {'s', 't', 'd', 'e', 'r', 'r'};

    private CriFormat() {}

    @Override
    public String name() {
        return "cri";
    }

    @Override
    public boolean parse(byte[] b, int start, int end, ParsedLine out) {
        int timeEnd = indexOf(b, start, end, (byte) ' ');
        if (timeEnd < 0) {
            return false;
        }
        long time = Timestamps.parseRfc3339(b, start, timeEnd);
        if (time == Timestamps.INVALID) {
            return false;
        }
        int streamStart = timeEnd + 1;
        if (end - streamStart < 8 || b[streamStart + 6] != ' ') {
            return false;
        }
        LogStream stream;
        if (regionEquals(b, streamStart, STDOUT)) {
            stream = LogStream.STDOUT;
        } else if (regionEquals(b, streamStart, STDERR)) {
            stream = LogStream.STDERR;
        } else {
            return false;
        }
        int tagStart = streamStart + 7;
        byte tag = b[tagStart];
        if (tag != 'F' && tag != 'P') {
            return false;
        }
        int tagEnd = tagStart + 1;
        if (tagEnd < end && b[tagEnd] != ' ' && b[tagEnd] != ':') {
            return false;
        }
        while (tagEnd < end && b[tagEnd] != ' ') {
            tagEnd++;
        }
        // "<time> stdout F" with nothing after it is an empty line (some runtimes drop the last space).
        int contentStart = Math.min(tagEnd + 1, end);
        out.timeUnixNanos = time;
        out.stream = stream;
        out.partial = tag == 'P';
        out.content = b;
        out.contentOffset = contentStart;
        out.contentLength = end - contentStart;
        return true;
    }

    private static int indexOf(byte[] b, int from, int end, byte c) {
        for (int i = from; i < end; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionEquals(byte[] b, int at, byte[] word) {
        for (int k = 0; k < word.length; k++) {
            if (b[at + k] != word[k]) {
                return false;
            }
        }
        return true;
    }
}
