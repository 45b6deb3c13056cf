package dev.slipway.web.security;

/** Source of the caller's identity in the frontends. */
public enum SecurityMode {
    /**
     * Every request except sign-in needs a bearer token: a JWT access token or an API token. The
     * {@code X-Slipway-User} header is ignored.
     */
    TOKEN,
    /**
     * Development only and unsafe: the caller is whatever user the {@code X-Slipway-User} header names, so any
     * client that reaches the server can act as any user. Use it only on a loopback address in tests.
     */
    HEADER
}
