package dev.pharos.query.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POST with bounded retries: a 5xx or a network error is tried again after a doubling pause, a
 * 4xx is not (the receiver refused the content; sending it again changes nothing).
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private Delivery() {}

    /** True when a try got a 2xx. */
    static boolean post(HttpSender sender, URI url, byte[] body, Duration timeout, int attempts, Duration backoff) throws InterruptedException {
        long pause = backoff.toMillis();
        for (int attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
            String problem;
            try {
                int status = sender.post(url, body, timeout);
                if (status / 100 == 2) {
                    return true;
                }
                problem = "status " + status;
                if (status / 100 != 5) {
                    LOG.warn("{} refused notification: {}", url, problem);
                    return false;
                }
            } catch (IOException e) {
                problem = e.toString();
            }
            LOG.warn("notifying {} failed (try {} of {}): {}", url, attempt, attempts, problem);
            if (attempt < attempts && pause > 0) {
                Thread.sleep(pause);
                pause *= 2;
            }
        }
        return false;
    }
}
