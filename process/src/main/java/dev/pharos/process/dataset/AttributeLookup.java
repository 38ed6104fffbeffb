package dev.pharos.process.dataset;

/** Reads one attribute of the resource or record being routed, by its UTF-8 key; null when absent. */
@FunctionalInterface
public interface AttributeLookup {

    AttributeLookup NONE = key -> null;

    String value(byte[] utf8Key);
}
