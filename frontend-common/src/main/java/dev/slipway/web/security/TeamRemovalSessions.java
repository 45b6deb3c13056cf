package dev.slipway.web.security;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.identity.SessionEndReason;
import dev.slipway.core.team.TeamMemberRemovedEvent;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends every session of a user removed from a team, so that access tokens issued while the user was a member stop
 * working at once instead of at their expiry. Subscribed to the event bus, so it runs in the unit of work that
 * removes the member, and the session end events join that removal's events.
 */
final class TeamRemovalSessions implements Consumer<List<? extends EventMessage<?>>> {

    private static final Logger log = LoggerFactory.getLogger(TeamRemovalSessions.class);

    private final IdentityService identities;

    TeamRemovalSessions(IdentityService identities) {
        this.identities = identities;
    }

    @Override
    public void accept(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) {
            if (event.getPayload() instanceof TeamMemberRemovedEvent removed
                    && removed.member().kind() == Caller.Kind.USER) {
                RequestContext context = RequestContext.fromMetaData(event.getMetaData());
                int ended = identities.endSessionsOf(removed.member().id(), SessionEndReason.REMOVED_FROM_TEAM,
                        context == null ? RequestContext.engine() : context);
                log.info("user [{}] removed from team [{}]: {} session(s) ended", removed.member().id(),
                        removed.teamId(), ended);
            }
        }
    }
}
