package dev.pharos.query.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** POSTs a JSON body and returns the HTTP status. {@link JdkHttpSender} in production; tests record calls. */
@FunctionalInterface
public interface HttpSender {

    int post(URI url, byte[] jsonBody, Duration timeout) throws IOException, InterruptedException;
}
