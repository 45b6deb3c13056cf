package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/**
 * Finds every application of the teams the caller may see, newest first, in one list however many there are.
 * {@link FindApplicationPageQuery} reads them a page at a time.
 */
@RequiredRole(Role.VIEWER)
public record FindApplicationsQuery() {
}
