package dev.slipway.web.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate limiters per caller, per client address and per sign-in account, on Resilience4j. The REST and GraphQL
 * frontends share one instance, so a client's requests count against the same limits through either API.
 * <p>
 * IPv6 clients count per /64 network, the block one host or site usually gets, so a client cannot escape its limit
 * by changing addresses within its network. Memory grows with the keys used within one period, not with all keys
 * ever seen. While more than {@value #DEFAULT_SWEEP_ABOVE} limiters exist, those with every permit of their period
 * left, like a new limiter, are removed at most once per period.
 */
public final class RateLimits {

    /** The number of limiters above which idle ones are removed. */
    static final int DEFAULT_SWEEP_ABOVE = 1024;

    private static final int IPV6_NETWORK_BYTES = 8;

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final RateLimiterConfig perCaller;
    private final RateLimiterConfig perAddress;
    private final RateLimiterConfig perAccount;
    private final Duration period;
    private final int sweepAbove;
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime());

    /** Creates the limiters' settings from {@code slipway.security.rate-limits}. */
    public RateLimits(SlipwaySecurityProperties.RateLimits settings) {
        this(settings, DEFAULT_SWEEP_ABOVE);
    }

    /**
     * Creates the limiters' settings with another threshold for the removal of idle limiters.
     *
     * @param sweepAbove the number of limiters above which idle ones are removed
     */
    RateLimits(SlipwaySecurityProperties.RateLimits settings, int sweepAbove) {
        this.period = settings.period();
        this.perCaller = config(settings.requestsPerCaller());
        this.perAddress = config(settings.requestsPerAddress());
        this.perAccount = config(settings.loginAttemptsPerAccount());
        this.sweepAbove = sweepAbove;
    }

    /** Takes a permit for one request of a caller; returns how long to wait when none is left, or null. */
    public Duration acquireForCaller(String caller) {
        return acquire("caller:" + caller, perCaller);
    }

    /**
     * Takes a permit for one request from a client address; returns how long to wait when none is left, or null.
     * Addresses of one IPv6 /64 network share a permit count.
     */
    public Duration acquireForAddress(String address) {
        return acquire("address:" + network(address), perAddress);
    }

    /** Takes a permit for one sign-in attempt of an account; returns how long to wait when none is left, or null. */
    public Duration acquireForLogin(String userName) {
        return acquire("login:" + userName, perAccount);
    }

    /** Returns the number of limiters kept. */
    int limiterCount() {
        return limiters.size();
    }

    private Duration acquire(String key, RateLimiterConfig config) {
        removeIdleLimiters();
        RateLimiter limiter = limiters.computeIfAbsent(key, name -> RateLimiter.of(name, config));
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

    /**
     * Removes the limiters that have every permit of their period, once per period while more than the threshold
     * exist. A request that takes a permit of a limiter while it is removed is not counted, which lets at most the
     * requests of that moment through beyond the limit.
     */
    private void removeIdleLimiters() {
        long now = System.nanoTime();
        long due = nextSweep.get();
        if (limiters.size() <= sweepAbove || now - due < 0 || !nextSweep.compareAndSet(due, now + period.toNanos())) {
            return;
        }
        limiters.values().removeIf(limiter -> limiter.getMetrics().getAvailablePermissions()
                >= limiter.getRateLimiterConfig().getLimitForPeriod());
    }

    /** Returns the /64 network of an IPv6 address literal, and any other address as it is. */
    static String network(String address) {
        if (address == null || address.indexOf(':') < 0 || !address.chars().allMatch(RateLimits::isLiteralChar)) {
            return address;
        }
        try {
            // A text with ':' and only hexadecimal digits, ':' and '.' is parsed as an IPv6 literal, never looked up.
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                byte[] network = Arrays.copyOf(parsed.getAddress(), IPV6_NETWORK_BYTES);
                return HexFormat.of().formatHex(network) + "/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static boolean isLiteralChar(int character) {
        return Character.digit(character, 16) >= 0 || character == ':' || character == '.';
    }

    private RateLimiterConfig config(int limit) {
        return RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
    }
}
