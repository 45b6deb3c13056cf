package dev.slipway.core.access;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.RequestDeploymentCommand;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.readmodel.ReadModelGate;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamMembershipException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Authorizes every command before its handler runs. It finds the team that owns the target resource (or the team a
 * new resource goes to), requires the command's {@link RequiredRole} there and, for API tokens, the matching
 * {@link TokenScope}, and adds the team to the command's metadata under {@link RequestContext#TEAM}, from where it
 * reaches every event the command causes. A resource of a team the caller may not see is reported exactly like a
 * missing one. The engine's own commands pass unchecked. Every denial is recorded by {@link AccessDenials}.
 */
public final class CommandAuthorizationInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Message of Axon's exception for an aggregate id without events, repeated so that a denial reads the same. */
    static final String NOT_FOUND_MESSAGE = "The aggregate was not found in the event store";
    /** The ids of the resources that belong to a team, whose owners {@link AccessRules#ownerOf} returns. */
    private static final Set<Class<?>> TEAM_OWNED_IDS = Set.of(ApplicationId.class, DeploymentId.class,
            ServerId.class, TeamId.class);

    private final AccessRules rules;
    private final AccessDenials denials;
    private final ReadModelGate gate;

    /** Creates the interceptor for rules whose read models are never replayed while it runs. */
    public CommandAuthorizationInterceptor(AccessRules rules, AccessDenials denials) {
        this(rules, denials, new ReadModelGate());
    }

    /**
     * Creates the interceptor. Its checks read the read models through {@code gate}, so that a check waits for a
     * replay instead of reading a half-rebuilt read model.
     */
    public CommandAuthorizationInterceptor(AccessRules rules, AccessDenials denials, ReadModelGate gate) {
        this.rules = rules;
        this.denials = denials;
        this.gate = gate;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        RequestContext context = RequestContext.fromMetaData(command.getMetaData());
        if (context == null || !AccessRules.isEngineType(command.getPayload())) {
            return interceptorChain.proceed();
        }
        boolean engine = AccessRules.isEngine(context, command.getMetaData().get(RequestContext.ENGINE_ORIGIN));
        Object payload = command.getPayload();
        TeamId team = gate.openWhile(
                () -> engine ? teamOfEngineCommand(context, payload) : authorize(context, payload));
        if (team != null) {
            unitOfWork.transformMessage(message -> message.andMetaData(Map.of(RequestContext.TEAM, team.toString())));
        }
        return interceptorChain.proceed();
    }

    private TeamId teamOfEngineCommand(RequestContext context, Object payload) {
        if (payload instanceof CreateTeamCommand create) {
            return create.teamId();
        }
        if (payload instanceof TeamOwnedCreation creation) {
            return rules.teamForNewResource(context, creation.teamId());
        }
        return targetOf(payload).flatMap(rules::ownerOf).orElse(null);
    }

    /** Returns the team of the command's resource when the caller may send the command, and throws otherwise. */
    private TeamId authorize(RequestContext context, Object payload) {
        if (context.caller().kind() == Caller.Kind.WEBHOOK) {
            return authorizeWebhook(context, payload);
        }
        if (payload instanceof CreateTeamCommand create) {
            if (context.caller().kind() == Caller.Kind.TOKEN) {
                String reason = "the team's only owner would be the token, so revoking it would leave the team"
                        + " without an owner";
                denials.record(context, payload, "Team", create.teamId(), reason);
                throw new AccessDeniedException("API token '" + context.caller().id() + "' may not create a team: "
                        + reason + ". Create the team as a user and add the token to it.");
            }
            requireScope(context, payload, "Team", create.teamId(), Role.OWNER);
            requireNewId(context, payload);
            if (create.teamId().value().version() != 4) {
                // Personal and configured teams have name-based ids, so a caller must never create a team under one.
                throw denyAsMissing(context, payload, "Team", create.teamId(), "the team id is not a random UUID");
            }
            return create.teamId();
        }
        RequiredRole required = payload.getClass().getAnnotation(RequiredRole.class);
        if (payload instanceof TeamOwnedCreation creation) {
            requireNewId(context, payload);
            TeamId team = rules.teamForNewResource(context, creation.teamId());
            requireRole(context, payload, required, "Team", team, team);
            requireUsableServer(context, payload, team);
            return team;
        }
        Optional<Object> target = targetOf(payload);
        Optional<TeamId> owner = target.flatMap(rules::ownerOf);
        if (owner.isEmpty()) {
            if (required == null) {
                throw denyAsMissing(context, payload, resourceType(target.orElse(null)), target.orElse(null),
                        "the command is the engine's own");
            }
            if (target.isPresent() && target.get().equals(TeamId.personalOf(context.caller()))) {
                throw new TeamMembershipException("Unable to change the members of team '" + target.get()
                        + "': it is the personal team of '" + context.caller() + "', whose only member is its owner."
                        + " Create a team to share resources with others.");
            }
            if (target.isPresent() && TEAM_OWNED_IDS.contains(target.get().getClass())) {
                // No such resource exists. The handler would load the events of any aggregate under the id, such as
                // a deployment's for an application id, and fail on them, so the missing resource is reported here,
                // as the handler reports an id without events.
                throw new AggregateNotFoundException(target.get().toString(), NOT_FOUND_MESSAGE);
            }
            // An id that no team owns, such as a user's: the handler checks it.
            return null;
        }
        requireRole(context, payload, required, resourceType(target.get()), target.get(), owner.get());
        return owner.get();
    }

    /**
     * Allows the webhook of an application to request deployments of that application and nothing else. Any other
     * command reads like one for a missing resource, as it does for a caller outside the owning team.
     */
    private TeamId authorizeWebhook(RequestContext context, Object payload) {
        Optional<Object> target = targetOf(payload);
        if (!(payload instanceof RequestDeploymentCommand request)
                || !request.applicationId().toString().equals(context.caller().id())) {
            throw denyAsMissing(context, payload, resourceType(target.orElse(null)), target.orElse(null),
                    "a webhook may only request deployments of its own application");
        }
        Optional<TeamId> owner = rules.ownerOf(request.applicationId());
        if (owner.isEmpty()) {
            throw new AggregateNotFoundException(request.applicationId().toString(), NOT_FOUND_MESSAGE);
        }
        return owner.get();
    }

    private void requireRole(RequestContext context, Object payload, RequiredRole required, String resourceType,
                             Object resourceId, TeamId team) {
        if (required == null) {
            throw denyAsMissing(context, payload, resourceType, resourceId, "the command is the engine's own");
        }
        Optional<Role> role = rules.roleOf(context, team);
        if (role.isEmpty()) {
            throw denyAsMissing(context, payload, resourceType, resourceId,
                    "the caller is no member of team " + team);
        }
        if (!role.get().includes(required.value())) {
            String reason = "the caller has role " + role.get() + " in team " + team + " but "
                    + required.value() + " is required";
            denials.record(context, payload, resourceType, resourceId, reason);
            throw new AccessDeniedException("Caller '" + context.caller() + "' may not " + actionOf(payload)
                    + " for " + resourceType.toLowerCase(java.util.Locale.ROOT)
                    + " '" + resourceId + "': " + reason + ". Ask an owner of the team for the role.");
        }
        requireScope(context, payload, resourceType, resourceId, required.value());
    }

    private void requireScope(RequestContext context, Object payload, String resourceType, Object resourceId,
                              Role role) {
        TokenScope needed = AccessRules.scopeFor(role);
        if (context.caller().kind() == Caller.Kind.TOKEN && (context.scope() == null
                || !context.scope().includes(needed))) {
            String reason = "the API token has scope " + context.scope() + " but " + needed + " is required";
            denials.record(context, payload, resourceType, resourceId, reason);
            throw new AccessDeniedException("API token '" + context.caller().id() + "' may not "
                    + actionOf(payload) + ": " + reason + ". Use a token with scope " + needed + ".");
        }
    }

    /**
     * Rejects a creation under the id of an existing resource, as a relational event store does by its unique key.
     * Without this check, the in-memory event store would append a second creation event to another team's resource.
     */
    private void requireNewId(RequestContext context, Object payload) {
        Optional<Object> target = targetOf(payload);
        Optional<TeamId> owner = target.flatMap(rules::ownerOf);
        if (owner.isEmpty()) {
            return;
        }
        if (!rules.canSee(context, owner.get())) {
            denials.record(context, payload, resourceType(target.get()), target.get(),
                    "the id belongs to a resource of team " + owner.get());
        }
        throw new ConcurrencyException("An event for aggregate [" + target.get() + "] at sequence [0] was already"
                + " inserted");
    }

    /** Rejects an application on a server of another team. The local server serves every team. */
    private void requireUsableServer(RequestContext context, Object payload, TeamId team) {
        if (!(payload instanceof CreateApplicationCommand create) || create.serverId() == null
                || ServerId.LOCAL.equals(create.serverId())) {
            return;
        }
        Optional<TeamId> owner = rules.ownerOf(create.serverId());
        if (owner.isEmpty() || !owner.get().equals(team)) {
            throw denyAsMissing(context, payload, "Server", create.serverId(),
                    "the server does not belong to team " + team);
        }
    }

    private AggregateNotFoundException denyAsMissing(RequestContext context, Object payload, String resourceType,
                                                     Object resourceId, String reason) {
        denials.record(context, payload, resourceType, resourceId, reason);
        return new AggregateNotFoundException(String.valueOf(resourceId), NOT_FOUND_MESSAGE);
    }

    /**
     * The accessor of each command record's component marked {@link TargetAggregateIdentifier}, or empty, looked up
     * once per class because every command is checked.
     */
    private static final ClassValue<Optional<Method>> TARGET_ACCESSORS = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                return Optional.empty();
            }
            for (RecordComponent component : components) {
                if (component.getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class)
                        || isAnnotatedField(type, component.getName())) {
                    return Optional.of(component.getAccessor());
                }
            }
            return Optional.empty();
        }
    };

    /** Returns the value of the record component marked {@link TargetAggregateIdentifier}, if any. */
    static Optional<Object> targetOf(Object payload) {
        Optional<Method> accessor = TARGET_ACCESSORS.get(payload.getClass());
        if (accessor.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(accessor.get().invoke(payload));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Unable to read the target of " + payload.getClass().getName(), e);
        }
    }

    private static boolean isAnnotatedField(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name).isAnnotationPresent(TargetAggregateIdentifier.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /**
     * Returns the action of a command or query in words, for messages to users: {@code CreateApplicationCommand}
     * becomes {@code create application}.
     */
    static String actionOf(Object payload) {
        String name = payload.getClass().getSimpleName().replaceFirst("(Command|Query)$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    static String resourceType(Object resourceId) {
        if (resourceId == null) {
            return "resource";
        }
        String name = resourceId.getClass().getSimpleName();
        return name.endsWith("Id") ? name.substring(0, name.length() - 2) : name;
    }
}
