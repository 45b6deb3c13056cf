package dev.slipway.git;

import dev.slipway.core.policy.OutboundAddressPolicy;
import dev.slipway.core.policy.OutboundAddressRefusedException;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * Applies the outbound-address policy to Git connections: once before a command starts, and again each time JGit
 * opens an HTTP connection, which includes every redirect JGit follows. A {@code file://} URL names no host and is
 * governed by the source policy instead.
 */
final class OutboundGuard {

    private final OutboundAddressPolicy policy;

    OutboundGuard(OutboundAddressPolicy policy) {
        this.policy = policy;
    }

    /** Rejects the repository's host before any connection is opened. */
    void requireAllowed(RepositoryUrl url) {
        if (url.transport() != RepositoryUrl.Transport.FILE) {
            policy.check("repository '" + GitFailures.mask(url) + "'", url.host());
        }
    }

    /** Returns a callback that makes every HTTP connection of a Git command check its host again. */
    TransportConfigCallback atConnect(RepositoryUrl url) {
        return transport -> configure(transport, url);
    }

    private void configure(Transport transport, RepositoryUrl url) {
        if (transport instanceof TransportHttp http) {
            http.setHttpConnectionFactory(new CheckingFactory(http.getHttpConnectionFactory(), url));
        }
    }

    /** Returns the refusal somewhere in the cause chain of a JGit failure, or null when there is none. */
    static OutboundAddressRefusedException refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutboundAddressRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    /** Checks the host of each URL right before the delegate opens a connection to it. */
    private final class CheckingFactory implements HttpConnectionFactory {

        private final HttpConnectionFactory delegate;
        private final RepositoryUrl repository;

        CheckingFactory(HttpConnectionFactory delegate, RepositoryUrl repository) {
            this.delegate = delegate;
            this.repository = repository;
        }

        @Override
        public HttpConnection create(URL target) throws IOException {
            check(target);
            return delegate.create(target);
        }

        @Override
        public HttpConnection create(URL target, Proxy proxy) throws IOException {
            check(target);
            return delegate.create(target, proxy);
        }

        private void check(URL target) throws IOException {
            try {
                policy.check("repository '" + GitFailures.mask(repository) + "'", target.getHost());
            } catch (OutboundAddressRefusedException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
