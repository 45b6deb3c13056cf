package dev.slipway.core.secret;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.util.Arrays;

/**
 * Logback's view of a {@link RedactedThrowable} chain that shows each exception under its original class name, so a
 * masked stack trace reads like the original one.
 */
final class RedactedThrowableProxy extends ThrowableProxy {

    RedactedThrowableProxy(Throwable redactedCopy) {
        super(redactedCopy);
    }

    @Override
    public String getClassName() {
        return RedactedThrowable.originalClassName(getThrowable());
    }

    @Override
    public IThrowableProxy getCause() {
        return Renamed.of(super.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        return Renamed.all(super.getSuppressed());
    }

    /** A cause or suppressed exception of the chain, under its original class name. */
    private record Renamed(IThrowableProxy delegate) implements IThrowableProxy {

        static IThrowableProxy of(IThrowableProxy proxy) {
            return proxy == null ? null : new Renamed(proxy);
        }

        static IThrowableProxy[] all(IThrowableProxy[] proxies) {
            return proxies == null ? null : Arrays.stream(proxies).map(Renamed::of).toArray(IThrowableProxy[]::new);
        }

        @Override
        public String getMessage() {
            return delegate.getMessage();
        }

        @Override
        public String getClassName() {
            return delegate instanceof ThrowableProxy proxy
                    ? RedactedThrowable.originalClassName(proxy.getThrowable()) : delegate.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return delegate.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return delegate.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return of(delegate.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            return all(delegate.getSuppressed());
        }

        @Override
        public boolean isCyclic() {
            return delegate.isCyclic();
        }
    }
}
