package dev.pharos.agent.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The balancer's choice between two available gateways (both are always compared when there are two). */
class GatewayPickerTest {

    private final Gateway fast = new Gateway(URI.create("http://127.0.0.1:1/v1/logs"));
    private final Gateway idle = new Gateway(URI.create("http://127.0.0.1:2/v1/logs"));
    private final GatewayPicker picker = new GatewayPicker(List.of(fast, idle), RandomGenerator.getDefault());
    private final long now = System.nanoTime() + 60_000_000_000L;

    private void answered(Gateway g, long millis, long agoMillis) {
        g.latencyNanos = millis * 1_000_000.0;
        g.lastAnswerNanos = now - agoMillis * 1_000_000;
        g.availableAtNanos = now - 1;
    }

    @Test
    void theFasterFreshGatewayIsPicked() {
        answered(fast, 1, 0);
        answered(idle, 10, 100);
        for (int i = 0; i < 20; i++) {
            assertThat(picker.pick(now)).isSameAs(fast);
        }
    }

    @Test
    void aGatewayLeftIdleForSecondsIsTriedAgainThoughItsLastEstimateWasWorse() {
        answered(fast, 1, 0);
        answered(idle, 10, 10_000);
        assertThat(picker.pick(now)).isSameAs(idle);
    }

    @Test
    void aGatewayWithRequestsOutDoesNotLookBetterTheLongerTheyTake() {
        answered(fast, 1, 0);
        answered(idle, 10, 10_000);
        idle.inFlight = 1;
        assertThat(picker.pick(now)).isSameAs(fast);
    }

    @Test
    void afterARetryLaterPauseTheFadingStartsWhenThePauseEnds() {
        answered(fast, 1, 0);
        answered(idle, 10, 10_000);
        idle.pause(now - 500_000_000L, 400_000_000L); // asked to wait 400 ms, 500 ms ago: free again for 100 ms
        assertThat(picker.pick(now)).isSameAs(fast);
        long later = now + 10_000_000_000L;
        fast.lastAnswerNanos = later; // the fast one kept answering meanwhile
        assertThat(picker.pick(later)).isSameAs(idle);
    }
}
