package dev.slipway.web.security;

/**
 * The tokens a sign-in or refresh returns.
 *
 * @param accessToken  a short-lived JWT to send as {@code Authorization: Bearer}
 * @param expiresIn    the access token's lifetime in seconds
 * @param refreshToken a single-use token that {@code POST /api/auth/refresh} exchanges for new tokens
 */
public record SessionTokens(String accessToken, long expiresIn, String refreshToken) {

    @Override
    public String toString() {
        return "SessionTokens[expiresIn=" + expiresIn + "]";
    }
}
