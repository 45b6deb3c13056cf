package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/**
 * Finds one page of the applications of the teams the caller may see, newest first.
 *
 * @param after the {@link ApplicationPage#endCursor()} of the previous page, or null for the first page
 * @param first the maximum number of applications on the page, from 1 to 1000
 */
@RequiredRole(Role.VIEWER)
public record FindApplicationPageQuery(String after, int first) {
}
