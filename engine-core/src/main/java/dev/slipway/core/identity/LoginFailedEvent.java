package dev.slipway.core.identity;

/**
 * Records a rejected sign-in.
 *
 * @param userName the user name the request named, which may not exist
 * @param reason   why the sign-in was rejected
 */
public record LoginFailedEvent(String userName, LoginFailureReason reason) {
}
