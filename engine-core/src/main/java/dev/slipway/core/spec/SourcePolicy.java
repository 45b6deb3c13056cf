package dev.slipway.core.spec;

/**
 * Operator's choice of the Git transports an engine may use. HTTPS and SSH are always allowed; plain HTTP and local
 * {@code file://} repositories only when switched on, because HTTP sends credentials in clear text and a local path
 * lets a user read any repository on the engine's host.
 *
 * @param allowHttp  whether {@code http://} URLs are accepted
 * @param allowLocal whether {@code file://} URLs are accepted
 */
public record SourcePolicy(boolean allowHttp, boolean allowLocal) {

    /** The default: HTTPS and SSH only. */
    public static final SourcePolicy STRICT = new SourcePolicy(false, false);

    /** Rejects a URL whose transport this policy does not allow. */
    public RepositoryUrl check(RepositoryUrl url) {
        if (url.transport() == RepositoryUrl.Transport.HTTP && !allowHttp) {
            throw new InvalidInputException(RepositoryUrl.FIELD,
                    "http:// is switched off on this engine; use https:// or ask the operator to allow http",
                    url.value());
        }
        if (url.transport() == RepositoryUrl.Transport.FILE && !allowLocal) {
            throw new InvalidInputException(RepositoryUrl.FIELD,
                    "local repositories are switched off on this engine; use https:// or ssh://", url.value());
        }
        return url;
    }
}
