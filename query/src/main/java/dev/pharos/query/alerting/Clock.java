package dev.pharos.query.alerting;

/** Wall-clock time in milliseconds; tests move a fake one by hand. */
@FunctionalInterface
public interface Clock {

    long nowMillis();

    static Clock system() {
        return System::currentTimeMillis;
    }
}
