package dev.pharos.agent.collect;

/** The container stream a line came from: the {@code log.iostream} attribute. */
public enum LogStream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String attributeValue;

    LogStream(String attributeValue) {
        this.attributeValue = attributeValue;
    }

    /** The value of the OpenTelemetry {@code log.iostream} attribute. */
    public String attributeValue() {
        return attributeValue;
    }
}
