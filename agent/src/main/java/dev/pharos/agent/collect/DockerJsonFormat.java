package dev.pharos.agent.collect;

/**
 * Docker's json-file log format, one object per line:
 * {@code {"log":"text\n","stream":"stdout","time":"2024-05-01T10:02:03.123456789Z"}} (plus
 * {@code "attrs"} when the daemon is told to add labels). A {@code log} without the trailing
 * newline is a partial: Docker cut a long line and the next line of the same stream continues it.
 *
 * <p>A small parser for exactly this flat shape rather than a JSON library: it decodes the log
 * text straight into a reused buffer, so a line costs no allocation, and it skips whatever other
 * keys appear.
 */
public final class DockerJsonFormat implements LineFormat {

    public static final DockerJsonFormat INSTANCE = new DockerJsonFormat();

    private DockerJsonFormat() {}

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public boolean parse(byte[] b, int start, int end, ParsedLine out) {
        Cursor c = new Cursor(b, start, end);
        if (!c.expect('{')) {
            return false;
        }
        boolean haveLog = false;
        long time = Timestamps.INVALID;
        LogStream stream = null;
        int logLength = 0;
        c.skipSpace();
        if (c.peek() == '}') {
            return false;
        }
        while (true) {
            c.skipSpace();
            int keyStart = c.pos + 1;
            if (!c.skipString()) {
                return false;
            }
            int keyEnd = c.pos - 1;
            if (!c.expect(':')) {
                return false;
            }
            c.skipSpace();
            if (is(b, keyStart, keyEnd, "log")) {
                logLength = c.decodeString(out);
                if (logLength < 0) {
                    return false;
                }
                haveLog = true;
            } else if (is(b, keyStart, keyEnd, "stream")) {
                int valueStart = c.pos + 1;
                if (!c.skipString()) {
                    return false;
                }
                if (is(b, valueStart, c.pos - 1, "stdout")) {
                    stream = LogStream.STDOUT;
                } else if (is(b, valueStart, c.pos - 1, "stderr")) {
                    stream = LogStream.STDERR;
                } else {
                    return false;
                }
            } else if (is(b, keyStart, keyEnd, "time")) {
                int valueStart = c.pos + 1;
                if (!c.skipString()) {
                    return false;
                }
                time = Timestamps.parseRfc3339(b, valueStart, c.pos - 1);
            } else if (!c.skipValue()) {
                return false;
            }
            c.skipSpace();
            if (c.peek() == ',') {
                c.pos++;
                continue;
            }
            if (!c.expect('}')) {
                return false;
            }
            break;
        }
        c.skipSpace();
        if (c.pos != end || !haveLog || stream == null || time == Timestamps.INVALID) {
            return false;
        }
        byte[] text = out.scratch;
        boolean complete = logLength > 0 && text[logLength - 1] == '\n';
        out.timeUnixNanos = time;
        out.stream = stream;
        out.partial = !complete;
        out.content = text;
        out.contentOffset = 0;
        out.contentLength = complete ? logLength - 1 : logLength;
        return true;
    }

    private static boolean is(byte[] b, int start, int end, String word) {
        if (end - start != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[start + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A read position in one line. */
    private static final class Cursor {
        final byte[] b;
        final int end;
        int pos;

        Cursor(byte[] b, int start, int end) {
            this.b = b;
            this.pos = start;
            this.end = end;
        }

        int peek() {
            return pos < end ? b[pos] : -1;
        }

        void skipSpace() {
            while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\r')) {
                pos++;
            }
        }

        boolean expect(char ch) {
            skipSpace();
            if (pos < end && b[pos] == ch) {
                pos++;
                return true;
            }
            return false;
        }

        /** Moves past a string starting at pos; false when there is none or it is unterminated. */
        boolean skipString() {
            if (peek() != '"') {
                return false;
            }
            pos++;
            while (pos < end) {
                byte ch = b[pos++];
                if (ch == '\\') {
                    pos++;
                } else if (ch == '"') {
                    return pos <= end;
                }
            }
            return false;
        }

        /** Moves past any JSON value (string, object, array, number, literal). */
        boolean skipValue() {
            int p = peek();
            if (p == '"') {
                return skipString();
            }
            if (p == '{' || p == '[') {
                int depth = 0;
                while (pos < end) {
                    int ch = b[pos];
                    if (ch == '"') {
                        if (!skipString()) {
                            return false;
                        }
                        continue;
                    }
                    pos++;
                    if (ch == '{' || ch == '[') {
                        depth++;
                    } else if (ch == '}' || ch == ']') {
                        if (--depth == 0) {
                            return true;
                        }
                    }
                }
                return false;
            }
            int from = pos;
            while (pos < end && b[pos] != ',' && b[pos] != '}' && b[pos] != ' ') {
                pos++;
            }
            return pos > from;
        }

        /**
         * Decodes the string at pos into {@code out.scratch} as UTF-8 and returns its length, or -1
         * when it is malformed. Lone surrogates become U+FFFD, as Go's encoder would have written.
         */
        int decodeString(ParsedLine out) {
            if (peek() != '"') {
                return -1;
            }
            pos++;
            byte[] dst = out.scratch(end - pos);
            int n = 0;
            while (pos < end) {
                byte ch = b[pos++];
                if (ch == '"') {
                    return n;
                }
                if (ch != '\\') {
                    dst[n++] = ch;
                    continue;
                }
                if (pos >= end) {
                    return -1;
                }
                byte esc = b[pos++];
                switch (esc) {
                    case '"', '\\', '/' -> dst[n++] = esc;
                    case 'n' -> dst[n++] = '\n';
                    case 't' -> dst[n++] = '\t';
                    case 'r' -> dst[n++] = '\r';
                    case 'b' -> dst[n++] = '\b';
                    case 'f' -> dst[n++] = '\f';
                    case 'u' -> {
                        int cp = hex4();
                        if (cp < 0) {
                            return -1;
                        }
                        if (cp >= 0xD800 && cp <= 0xDBFF && pos + 6 <= end && b[pos] == '\\' && b[pos + 1] == 'u') {
                            int save = pos;
                            pos += 2;
                            int low = hex4();
                            if (low >= 0xDC00 && low <= 0xDFFF) {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            } else {
                                pos = save;
                            }
                        }
                        if (cp >= 0xD800 && cp <= 0xDFFF) {
                            cp = 0xFFFD;
                        }
                        n = Utf8.encode(cp, dst, n);
                    }
                    default -> {
                        return -1;
                    }
                }
            }
            return -1;
        }

        private int hex4() {
            if (pos + 4 > end) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int d = Character.digit(b[pos + k], 16);
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            pos += 4;
            return v;
        }
    }
}
