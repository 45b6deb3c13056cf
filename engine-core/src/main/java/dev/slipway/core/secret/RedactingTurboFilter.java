package dev.slipway.core.secret;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * The Logback turbo filter behind {@link LogRedaction}. A log call whose message or exception contains no secret
 * passes unchanged. Otherwise the filter sends a masked copy of the event to the logger's appenders itself and denies
 * the original, so no appender ever receives the plaintext. It re-adds itself when Logback's configuration is reset, as
 * Spring Boot does while it starts.
 */
final class RedactingTurboFilter extends TurboFilter implements LoggerContextListener {

    private static final RedactingTurboFilter INSTANCE = new RedactingTurboFilter();

    private final Set<Redactor> redactors = new CopyOnWriteArraySet<>();

    private RedactingTurboFilter() {
        setName("slipway-secret-redaction");
    }

    static synchronized void install(Redactor redactor) {
        INSTANCE.redactors.add(redactor);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (!context.getCopyOfListenerList().contains(INSTANCE)) {
            context.addListener(INSTANCE);
        }
        INSTANCE.attachTo(context);
    }

    static synchronized void uninstall(Redactor redactor) {
        INSTANCE.redactors.remove(redactor);
    }

    private void attachTo(LoggerContext context) {
        if (!context.getTurboFilterList().contains(this)) {
            setContext(context);
            start();
            context.addTurboFilter(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable throwable) {
        if (redactors.isEmpty() || level == null || (format == null && throwable == null)
                || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        LoggingEvent original = new LoggingEvent(Logger.class.getName(), logger, level, format, throwable, params);
        String message = original.getFormattedMessage();
        String maskedMessage = redact(message);
        IThrowableProxy thrown = original.getThrowableProxy();
        boolean throwableHasSecret = thrown instanceof ThrowableProxy proxy && containsSecret(proxy.getThrowable());
        if (maskedMessage.equals(message == null ? "" : message) && !throwableHasSecret) {
            return FilterReply.NEUTRAL;
        }
        LoggingEvent masked = new LoggingEvent(Logger.class.getName(), logger, level, maskedMessage, null, null);
        // Computed here, where the stack still leads from the logger to the caller; later it would name this filter.
        masked.setCallerData(original.getCallerData());
        if (marker != null) {
            masked.addMarker(marker);
        }
        if (thrown instanceof ThrowableProxy proxy) {
            Throwable copy = RedactedThrowable.of(proxy.getThrowable(), this::redact);
            masked.setThrowableProxy(new RedactedThrowableProxy(copy));
        }
        logger.callAppenders(masked);
        return FilterReply.DENY;
    }

    private boolean containsSecret(Throwable throwable) {
        for (Throwable current = throwable; current != null; current = current.getCause()) {
            String message = current.getMessage();
            if (message != null && !redact(message).equals(message)) {
                return true;
            }
            for (Throwable suppressed : current.getSuppressed()) {
                if (containsSecret(suppressed)) {
                    return true;
                }
            }
            if (current.getCause() == current) {
                return false;
            }
        }
        return false;
    }

    private String redact(String text) {
        String result = text == null ? "" : text;
        for (Redactor redactor : redactors) {
            result = redactor.redact(result);
        }
        return result;
    }

    @Override
    public boolean isResetResistant() {
        return true;
    }

    @Override
    public void onReset(LoggerContext context) {
        attachTo(context);
    }

    @Override
    public void onStart(LoggerContext context) {
        attachTo(context);
    }

    @Override
    public void onStop(LoggerContext context) {
        // Nothing to release, because the filter owns no resources.
    }

    @Override
    public void onLevelChange(Logger logger, Level level) {
        // Levels are read at each call.
    }
}
