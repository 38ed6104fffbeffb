package dev.pharos.process.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Realistic log lines with and without secrets, each labelled with the spans a redactor must remove,
 * generated from a fixed seed. Templates follow what real systems print (nginx, envoy, JSON app logs,
 * Java and Python stack traces, Go panics, Kubernetes events, SQL, sshd, SMTP, config dumps...).
 *
 * <p>Labelling conventions, which are also the redaction contract: a pair's secret is its value only
 * ({@code password=<label>}); a bearer credential is the token after the scheme; a URL password is
 * the encoded text between {@code user:} and {@code @}; a private key is the whole PEM block (or as
 * much of it as the line holds); every IPv4/IPv6 address is labelled wherever it appears, and counts
 * as a secret only when the IP detectors are evaluated.
 *
 * <p>What we count as an email: {@code local@domain.tld} with a public-looking alphabetic TLD. Not
 * emails, so they appear in the clean lines: ssh/scp targets ({@code git@github.com:org/repo.git},
 * {@code ssh deploy@bastion.example.com}), users at hosts without a public domain ({@code root@db01},
 * {@code jenkins@ci-runner.internal}), the user of a URL ({@code https://bot@example.com}), and
 * {@code @}-versions and file names ({@code lodash@4.17.21}, {@code logo@2x.png}, {@code Object@1b6d3586}).
 */
final class LabelledCorpus {

    record Label(int start, int end, SecretKind kind) {
    }

    record Line(String text, List<Label> labels, String template) {

        boolean hasAny(java.util.Set<SecretKind> kinds) {
            for (Label l : labels) {
                if (kinds.contains(l.kind())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Appends text and labelled secrets. */
    static final class B {
        private final StringBuilder sb = new StringBuilder();
        private final List<Label> labels = new ArrayList<>();
        private final Fake f;

        B(Fake f) {
            this.f = f;
        }

        B t(Object... parts) {
            for (Object p : parts) {
                sb.append(p);
            }
            return this;
        }

        B s(SecretKind kind, String secret) {
            labels.add(new Label(sb.length(), sb.length() + secret.length(), kind));
            sb.append(secret);
            return this;
        }

        B ip4() {
            return s(SecretKind.IPV4, f.ipv4());
        }

        B ip6() {
            return s(SecretKind.IPV6, f.ipv6());
        }

        B ip() {
            return f.chance(0.8) ? ip4() : ip6();
        }

        Line line(String template) {
            return new Line(sb.toString(), List.copyOf(labels), template);
        }
    }

    interface Template {
        void write(Fake f, B b);
    }

    record Named(String name, Template template) {
    }

    private static Named n(String name, Template t) {
        return new Named(name, t);
    }

    static List<Line> secretLines(long seed, int perKind) {
        Fake f = new Fake(seed);
        List<Line> out = new ArrayList<>();
        Map<SecretKind, List<Named>> byKind = SecretTemplates.byKind();
        for (int i = 0; i < perKind; i++) {
            for (Map.Entry<SecretKind, List<Named>> e : byKind.entrySet()) {
                Named t = f.pick(e.getValue());
                B b = new B(f);
                t.template().write(f, b);
                out.add(b.line((e.getKey().scansText() ? e.getKey().label() : "mixed") + "/" + t.name()));
            }
        }
        return out;
    }

    static List<Line> cleanLines(long seed, int count) {
        Fake f = new Fake(seed);
        List<Named> templates = CleanTemplates.all();
        List<Line> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Named t = templates.get(i % templates.size());
            B b = new B(f);
            t.template().write(f, b);
            out.add(b.line("clean/" + t.name()));
        }
        return out;
    }

    /** The held-out formats ({@link HeldOutTemplates}): secret and clean lines alternating, {@code count} of each. */
    static List<Line> heldOutLines(long seed, int count) {
        Fake f = new Fake(seed);
        List<Named> secrets = HeldOutTemplates.secrets();
        List<Named> clean = HeldOutTemplates.clean();
        List<Line> out = new ArrayList<>(2 * count);
        for (int i = 0; i < count; i++) {
            for (List<Named> set : List.of(secrets, clean)) {
                Named t = set.get(i % set.size());
                B b = new B(f);
                t.template().write(f, b);
                out.add(b.line((set == secrets ? "held-out/" : "held-out-clean/") + t.name()));
            }
        }
        return out;
    }

    static Named named(String name, Template t) {
        return n(name, t);
    }
}
