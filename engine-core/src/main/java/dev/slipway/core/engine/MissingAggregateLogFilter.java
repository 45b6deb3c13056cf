package dev.slipway.core.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.slipway.core.SlipwayException;
import org.axonframework.modelling.command.AbstractRepository;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Logback turbo filter that drops the warning with stack trace that Axon's {@link AbstractRepository} logs when an
 * aggregate to load is missing or deleted. Axon 4.13 logs every load failure there at WARN and then rethrows it.
 * Without this filter, a second delete of an application, or a step that ends after its application was deleted,
 * prints a full {@code AggregateDeletedException} trace. Slipway's callers catch the rethrown
 * {@link AggregateNotFoundException}, whose subclass is {@code AggregateDeletedException}, and log one line with
 * the ids. It also drops the same warning for a {@link SlipwayException}, a rejection worded for users, such as a
 * duplicate application name when an aggregate is created. Other failures, such as an unreachable event store, still
 * pass.
 */
final class MissingAggregateLogFilter extends TurboFilter implements LoggerContextListener {

    private static final MissingAggregateLogFilter INSTANCE = new MissingAggregateLogFilter();
    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";
    private static final String REPOSITORY_LOGGER = AbstractRepository.class.getName();

    private MissingAggregateLogFilter() {
        setName("slipway-missing-aggregate");
    }

    /**
     * Adds the filter to Logback's context once per process. It does nothing when SLF4J logs through another provider.
     * NOTE: With another provider, Axon's warning with stack trace stays.
     */
    static synchronized void install() {
        if (!LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK_CONTEXT)) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (!context.getCopyOfListenerList().contains(INSTANCE)) {
            context.addListener(INSTANCE);
        }
        INSTANCE.attachTo(context);
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
        // Logback calls every turbo filter before each level check of every logger, trace checks included, so
        // anything other than a warning returns at once: Axon logs the failure at WARN.
        if (level != Level.WARN || !REPOSITORY_LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        return isReportedByCaller(throwable) || isReportedByCaller(lastThrowable(params))
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** Returns the last parameter when it is a throwable, where SLF4J puts the exception of a parameterized call. */
    private static Throwable lastThrowable(Object[] params) {
        if (params == null || params.length == 0) {
            return null;
        }
        return params[params.length - 1] instanceof Throwable thrown ? thrown : null;
    }

    /**
     * Returns whether a failure is one that the caller reports on its own: a missing aggregate, or a rejection that
     * the engine words for users, such as a duplicate application name, which the web frontends log in one line.
     */
    private static boolean isReportedByCaller(Throwable throwable) {
        return throwable instanceof AggregateNotFoundException || throwable instanceof SlipwayException;
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
        // The filter does not depend on levels.
    }
}
