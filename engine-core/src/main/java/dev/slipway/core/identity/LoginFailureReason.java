package dev.slipway.core.identity;

/** Reason a sign-in was rejected. */
public enum LoginFailureReason {
    /** The user does not exist or the password does not match; both read the same to the client. */
    INVALID_CREDENTIALS,
    /** The password matched but the TOTP code did not, or it was used before. */
    INVALID_TOTP_CODE,
    /** Too many attempts for the account within the rate limit's period. */
    RATE_LIMITED
}
