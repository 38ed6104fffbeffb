package dev.pharos.query.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@link HttpSender} over java.net.http. It only ever contacts the URLs the notifiers were configured
 * with: redirects are not followed, so a receiver cannot send Pharos elsewhere.
 */
public final class JdkHttpSender implements HttpSender {

    private final HttpClient client;

    public JdkHttpSender(Duration connectTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public int post(URI url, byte[] jsonBody, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .header("User-Agent", "Pharos").POST(HttpRequest.BodyPublishers.ofByteArray(jsonBody)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
