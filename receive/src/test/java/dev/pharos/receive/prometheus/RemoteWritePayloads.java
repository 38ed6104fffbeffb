package dev.pharos.receive.prometheus;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Remote-write bodies encoded with protobuf-java's CodedOutputStream from the field numbers of
 * prompb (1.0) and io.prometheus.write.v2 (2.0): there is no generated Java class for them here.
 */
final class RemoteWritePayloads {

    record Sample(long timeMs, double value) {}

    record Series(Map<String, String> labels, List<Sample> samples) {}

    private RemoteWritePayloads() {}

    static byte[] v1(List<Series> series) {
        return bytes(out -> {
            for (Series s : series) {
                out.writeBytes(1, message(ts -> {
                    for (var l : s.labels().entrySet()) {
                        ts.writeBytes(1, message(lb -> {
                            lb.writeString(1, l.getKey());
                            lb.writeString(2, l.getValue());
                        }));
                    }
                    for (Sample x : s.samples()) {
                        ts.writeBytes(2, sample(x));
                    }
                }));
            }
            out.writeBytes(3, message(md -> {
                md.writeEnum(1, 1);
                md.writeString(2, "http_requests_total");
                md.writeString(4, "Requests served.");
            }));
        });
    }

    static byte[] v2(List<Series> series) {
        List<String> symbols = new ArrayList<>(List.of(""));
        return bytes(out -> {
            List<ByteString> encoded = new ArrayList<>();
            for (Series s : series) {
                encoded.add(message(ts -> {
                    ByteString.Output refs = ByteString.newOutput();
                    CodedOutputStream packed = CodedOutputStream.newInstance(refs);
                    for (var l : new TreeMap<>(s.labels()).entrySet()) {
                        packed.writeUInt32NoTag(ref(symbols, l.getKey()));
                        packed.writeUInt32NoTag(ref(symbols, l.getValue()));
                    }
                    packed.flush();
                    ts.writeBytes(1, refs.toByteString());
                    for (Sample x : s.samples()) {
                        ts.writeBytes(2, sample(x));
                    }
                    int help = ref(symbols, "Requests served.");
                    ts.writeBytes(5, message(md -> {
                        md.writeEnum(1, 1);
                        md.writeUInt32(3, help);
                    }));
                }));
            }
            for (String sym : symbols) {
                out.writeString(4, sym);
            }
            for (ByteString e : encoded) {
                out.writeBytes(5, e);
            }
        });
    }

    private static int ref(List<String> symbols, String s) {
        int i = symbols.indexOf(s);
        if (i >= 0) {
            return i;
        }
        symbols.add(s);
        return symbols.size() - 1;
    }

    private static ByteString sample(Sample x) {
        return message(sm -> {
            sm.writeDouble(1, x.value());
            sm.writeInt64(2, x.timeMs());
        });
    }

    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] bytes(Writer w) {
        return message(w).toByteArray();
    }

    static ByteString message(Writer w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            w.write(out);
            out.flush();
            return ByteString.copyFrom(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
