package dev.slipway.core.secret;

import org.slf4j.LoggerFactory;

/**
 * Masks the secrets of one {@link Redactor} in front of every logger of the process, so that engine, docker-java and
 * JGit log lines, and the messages of the exceptions they carry, reach the appenders with secret values masked.
 * Several can be installed at once, for example by several engines in one process; {@link #close} removes this one.
 *
 * <p>It works when SLF4J logs through Logback, as under Spring Boot: a Logback turbo filter receives each log call
 * before any appender and, when the formatted message or an exception message contains a secret, hands a masked
 * copy of the event to the appenders in place of the original. With another SLF4J provider nothing is installed and
 * {@link #installed()} returns {@code false}.
 *
 * <p>NOTE: Key-value pairs of SLF4J's fluent API are dropped from an event that had to be masked, and output that
 * bypasses SLF4J (such as {@code System.out}) is not masked.
 */
public final class LogRedaction implements AutoCloseable {

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private final Redactor redactor;
    private final boolean installed;

    private LogRedaction(Redactor redactor, boolean installed) {
        this.redactor = redactor;
        this.installed = installed;
    }

    /** Masks the secrets of {@code redactor} in every log line from now on, until {@link #close} is called. */
    public static LogRedaction install(Redactor redactor) {
        if (!logsThroughLogback()) {
            return new LogRedaction(redactor, false);
        }
        RedactingTurboFilter.install(redactor);
        return new LogRedaction(redactor, true);
    }

    /** Returns whether log lines are masked, which needs Logback as the SLF4J provider. */
    public boolean installed() {
        return installed;
    }

    /** Stops masking this redactor's secrets in log lines. */
    @Override
    public void close() {
        if (installed) {
            RedactingTurboFilter.uninstall(redactor);
        }
    }

    /** Returns whether SLF4J logs through Logback, so that Logback's classes are on the class path. */
    public static boolean logsThroughLogback() {
        return LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK_CONTEXT);
    }
}
