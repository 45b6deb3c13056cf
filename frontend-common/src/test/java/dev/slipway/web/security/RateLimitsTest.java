package dev.slipway.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rate limiters: which addresses share a count, and which limiters are removed to bound memory. */
class RateLimitsTest {

    @Test
    void ipv6AddressesOfOneNetworkShareLimit() {
        RateLimits limits = new RateLimits(settings(Duration.ofMinutes(1), 1));

        assertThat(limits.acquireForAddress("2001:db8:0:7::1")).isNull();

        assertThat(limits.acquireForAddress("2001:db8:0:7:ffff::2")).as("same /64").isNotNull();
        assertThat(limits.acquireForAddress("2001:0db8:0000:0007::3")).as("same /64, other spelling").isNotNull();
        assertThat(limits.acquireForAddress("2001:db8:0:8::1")).as("next /64").isNull();
    }

    @Test
    void ipv4AddressesCountApart() {
        RateLimits limits = new RateLimits(settings(Duration.ofMinutes(1), 1));

        assertThat(limits.acquireForAddress("192.0.2.1")).isNull();

        assertThat(limits.acquireForAddress("192.0.2.1")).isNotNull();
        assertThat(limits.acquireForAddress("192.0.2.2")).isNull();
        assertThat(limits.acquireForAddress("::ffff:192.0.2.3")).as("IPv4-mapped address").isNull();
        assertThat(limits.acquireForAddress("::ffff:192.0.2.3")).isNotNull();
    }

    @Test
    void networkKeepsTextThatIsNoLiteral() {
        assertThat(RateLimits.network("unknown")).isEqualTo("unknown");
        assertThat(RateLimits.network("host:8080")).isEqualTo("host:8080");
        assertThat(RateLimits.network("2001:db8::zz")).isEqualTo("2001:db8::zz");
        assertThat(RateLimits.network("2001:db8:1:2:3:4:5:6")).isEqualTo("20010db800010002/64");
    }

    @Test
    void idleLimitersAreRemoved() throws Exception {
        RateLimits limits = new RateLimits(settings(Duration.ofMillis(50), 5), 10);
        for (int i = 0; i < 100; i++) {
            assertThat(limits.acquireForAddress("192.0.2." + i)).isNull();
        }
        assertThat(limits.limiterCount()).isEqualTo(100);

        Thread.sleep(200);
        limits.acquireForAddress("198.51.100.1");

        assertThat(limits.limiterCount()).as("limiters left after the idle ones were removed").isEqualTo(1);
    }

    @Test
    void exhaustedLimiterStaysAfterRemoval() {
        RateLimits limits = new RateLimits(settings(Duration.ofMinutes(1), 1), 0);
        assertThat(limits.acquireForLogin("alice")).isNull();
        assertThat(limits.acquireForLogin("alice")).isNotNull();

        limits.acquireForLogin("bob");

        assertThat(limits.acquireForLogin("alice")).as("alice after the removal of idle limiters").isNotNull();
    }

    private static SlipwaySecurityProperties.RateLimits settings(Duration period, int limit) {
        return new SlipwaySecurityProperties.RateLimits(period, limit, limit, limit);
    }
}
