package dev.slipway.core.runtime;

import dev.slipway.core.spec.InvalidInputException;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP health check of a new container: it is healthy once a GET of {@code path} returns {@code expectedStatus}.
 * The check fails when {@code retries + 1} probes after the start period did not see that status. Probes that fail
 * during the start period do not count.
 *
 * @param path           the request path, starting with {@code /}: printable ASCII without spaces, {@code \},
 *                       {@code #}, and without {@code .} or {@code ..} segments, even percent-encoded
 * @param expectedStatus the HTTP status that means healthy, from 100 to 599
 * @param interval       time between probes, from {@value #MIN_MILLIS} ms to {@value #MAX_INTERVAL_MINUTES} minutes
 * @param timeout        time one probe may take, from {@value #MIN_MILLIS} ms to {@value #MAX_TIMEOUT_MINUTES}
 *                       minutes
 * @param retries        failed probes after the first that the check tolerates, from 0 to {@value #MAX_RETRIES}
 * @param startPeriod    time from the first probe during which failed probes do not count, so a slow application
 *                       can start, from zero to {@value #MAX_START_PERIOD_MINUTES} minutes; null means zero
 */
public record HttpHealthCheck(String path, int expectedStatus, Duration interval, Duration timeout, int retries,
                              Duration startPeriod) {

    /** Minimum interval and timeout in milliseconds. */
    public static final int MIN_MILLIS = 10;
    /** Maximum interval in minutes. */
    public static final int MAX_INTERVAL_MINUTES = 10;
    /** Maximum timeout of one probe in minutes. */
    public static final int MAX_TIMEOUT_MINUTES = 5;
    /** Maximum start period in minutes. */
    public static final int MAX_START_PERIOD_MINUTES = 30;
    /** Maximum number of retries. */
    public static final int MAX_RETRIES = 1000;
    /** Maximum length of the path. */
    public static final int MAX_PATH_LENGTH = 1024;

    private static final int DEFAULT_STATUS = 200;
    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final int DEFAULT_RETRIES = 60;
    // Input names of the duration fields, in milliseconds as parse() and both frontends take them, by the
    // constructor's field name.
    private static final Map<String, String> MILLIS_INPUT_FIELDS = Map.of(
            "healthCheck.interval", "healthCheck.intervalMillis",
            "healthCheck.timeout", "healthCheck.timeoutMillis",
            "healthCheck.startPeriod", "healthCheck.startPeriodMillis");

    // NOTE: the ranges also apply when stored events are read, so a check stored before they existed with an
    // interval or timeout outside them makes its application's events unreadable.
    public HttpHealthCheck {
        checkPath(path);
        if (expectedStatus < 100 || expectedStatus > 599) {
            throw new InvalidInputException("healthCheck.expectedStatus", "must be an HTTP status from 100 to 599",
                    Integer.toString(expectedStatus));
        }
        checkDuration("healthCheck.interval", interval, Duration.ofMillis(MIN_MILLIS),
                Duration.ofMinutes(MAX_INTERVAL_MINUTES));
        checkDuration("healthCheck.timeout", timeout, Duration.ofMillis(MIN_MILLIS),
                Duration.ofMinutes(MAX_TIMEOUT_MINUTES));
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new InvalidInputException("healthCheck.retries", "must be from 0 to " + MAX_RETRIES,
                    Integer.toString(retries));
        }
        startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
        checkDuration("healthCheck.startPeriod", startPeriod, Duration.ZERO,
                Duration.ofMinutes(MAX_START_PERIOD_MINUTES));
    }

    /** Creates a check without a start period. */
    public HttpHealthCheck(String path, int expectedStatus, Duration interval, Duration timeout, int retries) {
        this(path, expectedStatus, interval, timeout, retries, Duration.ZERO);
    }

    /** Returns a check of {@code path} expecting 200, probed every 500 ms for about 30 seconds. */
    public static HttpHealthCheck of(String path) {
        return new HttpHealthCheck(path, DEFAULT_STATUS, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_RETRIES);
    }

    /**
     * Parses a check from user input in which every field may be null. A null field takes the value of
     * {@link #of(String)}, and a null path means {@code /}. Both frontends and embedding programs use this parser.
     *
     * @throws InvalidInputException naming the first field that breaks its rule by its input name, such as
     *                               {@code healthCheck.intervalMillis}
     */
    public static HttpHealthCheck parse(String path, Integer expectedStatus, Long intervalMillis, Long timeoutMillis,
                                        Integer retries, Long startPeriodMillis) {
        try {
            return new HttpHealthCheck(path == null ? "/" : path,
                    expectedStatus == null ? DEFAULT_STATUS : expectedStatus,
                    intervalMillis == null ? DEFAULT_INTERVAL : Duration.ofMillis(intervalMillis),
                    timeoutMillis == null ? DEFAULT_TIMEOUT : Duration.ofMillis(timeoutMillis),
                    retries == null ? DEFAULT_RETRIES : retries,
                    startPeriodMillis == null ? Duration.ZERO : Duration.ofMillis(startPeriodMillis));
        } catch (InvalidInputException e) {
            String inputField = MILLIS_INPUT_FIELDS.get(e.field());
            if (inputField == null) {
                throw e;
            }
            throw new InvalidInputException(inputField, e.rule(), e.rejectedValue());
        }
    }

    private static void checkPath(String path) {
        String rule = "must start with '/' and contain only printable ASCII characters without spaces, '\\' or '#'";
        if (path == null || !path.startsWith("/") || path.startsWith("//")) {
            throw new InvalidInputException("healthCheck.path", rule + ", and must not start with '//'", path);
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new InvalidInputException("healthCheck.path", "must have at most " + MAX_PATH_LENGTH
                    + " characters", path);
        }
        if (path.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || c == '\\' || c == '#')) {
            throw new InvalidInputException("healthCheck.path", rule, path);
        }
        String withoutQuery = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
        String decodedDots = withoutQuery.replace("%2e", ".").replace("%2E", ".");
        for (String segment : decodedDots.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidInputException("healthCheck.path", "must not contain '.' or '..' segments, even"
                        + " percent-encoded", path);
            }
        }
    }

    private static void checkDuration(String field, Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new InvalidInputException(field, "must be set", null);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidInputException(field, "must be from " + min.toMillis() + " to " + max.toMillis()
                    + " milliseconds", Long.toString(value.toMillis()));
        }
    }
}
