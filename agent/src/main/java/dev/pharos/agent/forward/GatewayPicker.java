package dev.pharos.agent.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses the gateway for each batch: the less loaded of two picked at random among those
 * available ("power of two choices"), load being requests in flight times the average answer
 * time. Deciding per batch rather than per connection is what keeps a node from sticking to one
 * gateway (LogHouse's hot spots came from agents that did): a gateway that slows down is asked
 * less within seconds, a new or recovered one is used at once, and two random candidates keep
 * thousands of agents from all rushing to the same least-loaded gateway.
 */
final class GatewayPicker {

    private final List<Gateway> gateways;
    private final RandomGenerator random;
    private final List<Gateway> candidates = new ArrayList<>();

    GatewayPicker(List<Gateway> gateways, RandomGenerator random) {
        this.gateways = gateways;
        this.random = random;
    }

    /** The gateway for the next batch, or null when none is available now. */
    Gateway pick(long now) {
        candidates.clear();
        for (Gateway g : gateways) {
            if (g.available(now)) {
                candidates.add(g);
            }
        }
        int n = candidates.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return candidates.getFirst();
        }
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Gateway a = candidates.get(i);
        Gateway b = candidates.get(j);
        return a.load(now) <= b.load(now) ? a : b;
    }

    /** When the next gateway becomes available (nanoTime), for waiting when none is. */
    long nextAvailable() {
        long next = Long.MAX_VALUE;
        for (Gateway g : gateways) {
            next = Math.min(next, g.availableAtNanos);
        }
        return next;
    }
}
