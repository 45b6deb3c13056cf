package dev.slipway.core.application;

import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;

/** Records that an application was created. */
public record ApplicationCreatedEvent(ApplicationId applicationId, ApplicationName name, SourceSpec source,
                                      RuntimeSpec runtime, ServerId serverId) {
}
