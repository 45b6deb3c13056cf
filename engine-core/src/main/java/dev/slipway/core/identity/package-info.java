/**
 * Events that record sign-ins, failed sign-ins, ended sessions and API tokens in the audit log. They carry user
 * names, ids and reasons only, never a password, a TOTP code, a token or a hash of one.
 */
package dev.slipway.core.identity;
