package dev.pharos.agent.collect;

/**
 * A container log line format. Both are recognised per line (a Docker JSON line starts with
 * '{', a CRI line with a digit), so a node that moved from Docker to containerd needs no setting.
 */
public interface LineFormat {

    /** Parses {@code b[start, end)} (without the newline) into {@code out}; false when the line is malformed. */
    boolean parse(byte[] b, int start, int end, ParsedLine out);

    /** The name used as the {@code format} label of the malformed-lines counter. */
    String name();

    /** The format of one line. */
    static LineFormat of(byte[] b, int start, int end) {
        return end > start && b[start] == '{' ? DockerJsonFormat.INSTANCE : CriFormat.INSTANCE;
    }
}
