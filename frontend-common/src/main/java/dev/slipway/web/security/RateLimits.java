package dev.slipway.web.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;

/**
 * Rate limiters per caller, per client address and per sign-in account, on Resilience4j. The REST and GraphQL
 * frontends share one instance, so a client's requests count against the same limits through either API.
 *
 * <p>NOTE: one limiter is kept per caller, address and account name seen since the start, and none is removed,
 * so memory grows with the number of distinct addresses that send requests.
 */
public final class RateLimits {

    private final RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
    private final RateLimiterConfig perCaller;
    private final RateLimiterConfig perAddress;
    private final RateLimiterConfig perAccount;
    private final Duration period;

    /** Creates the limiters' settings from {@code slipway.security.rate-limits}. */
    public RateLimits(SlipwaySecurityProperties.RateLimits settings) {
        this.period = settings.period();
        this.perCaller = config(settings.requestsPerCaller());
        this.perAddress = config(settings.requestsPerAddress());
        this.perAccount = config(settings.loginAttemptsPerAccount());
    }

    /** Takes a permit for one request of a caller; returns how long to wait when none is left, or null. */
    public Duration acquireForCaller(String caller) {
        return acquire("caller:" + caller, perCaller);
    }

    /** Takes a permit for one request from a client address; returns how long to wait when none is left, or null. */
    public Duration acquireForAddress(String address) {
        return acquire("address:" + address, perAddress);
    }

    /** Takes a permit for one sign-in attempt of an account; returns how long to wait when none is left, or null. */
    public Duration acquireForLogin(String userName) {
        return acquire("login:" + userName, perAccount);
    }

    private Duration acquire(String key, RateLimiterConfig config) {
        RateLimiter limiter = registry.rateLimiter(key, config);
        if (limiter.acquirePermission()) {
            return null;
        }
        if (limiter instanceof AtomicRateLimiter atomic) {
            long nanos = atomic.getDetailedMetrics().getNanosToWait();
            if (nanos > 0) {
                return Duration.ofNanos(nanos);
            }
        }
        return period;
    }

    private RateLimiterConfig config(int limit) {
        return RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
    }
}
