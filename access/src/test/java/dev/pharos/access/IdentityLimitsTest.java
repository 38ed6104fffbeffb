package dev.pharos.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdentityLimitsTest {

    @Test
    void rateIsPerIdentityWithBurstAndRefill() {
        AtomicLong clock = new AtomicLong();
        IdentityLimits limits = new IdentityLimits(2, 3, 100, clock::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limits.tryAcquire("alice")).isInstanceOf(IdentityLimits.Permit.class);
        }
        IdentityLimits.Decision refused = limits.tryAcquire("alice");
        assertThat(refused).isInstanceOfSatisfying(IdentityLimits.Refusal.class, r -> {
            assertThat(r.retryAfterSeconds()).isEqualTo(1);
            assertThat(r.message()).contains("alice");
        });
        assertThat(limits.tryAcquire("bob")).as("others are not affected").isInstanceOf(IdentityLimits.Permit.class);
        clock.addAndGet(500_000_000L);
        assertThat(limits.tryAcquire("alice")).as("half a second refills one at 2/s").isInstanceOf(IdentityLimits.Permit.class);
        assertThat(limits.tryAcquire("alice")).isInstanceOf(IdentityLimits.Refusal.class);
    }

    @Test
    void concurrencyIsReleasedWhenPermitsClose() {
        IdentityLimits limits = new IdentityLimits(1000, 1000, 2);
        IdentityLimits.Permit a = (IdentityLimits.Permit) limits.tryAcquire("alice");
        IdentityLimits.Permit b = (IdentityLimits.Permit) limits.tryAcquire("alice");
        assertThat(limits.tryAcquire("alice")).isInstanceOf(IdentityLimits.Refusal.class);
        a.close();
        a.close();
        IdentityLimits.Permit c = (IdentityLimits.Permit) limits.tryAcquire("alice");
        assertThat(limits.tryAcquire("alice")).as("closing twice releases once").isInstanceOf(IdentityLimits.Refusal.class);
        b.close();
        c.close();
    }
}
