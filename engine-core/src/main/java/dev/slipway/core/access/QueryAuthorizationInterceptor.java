package dev.slipway.core.access;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationPage;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.AuditPage;
import dev.slipway.core.audit.AuditProjection;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentPage;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.identity.IdentityEvents;
import dev.slipway.core.readmodel.VisibleViews;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamView;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.responsetypes.MultipleInstancesResponseType;
import org.axonframework.messaging.responsetypes.OptionalResponseType;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryMessage;

/**
 * Authorizes every query before its handler runs and filters what it returns. A query about one resource of a team
 * the caller may not see returns the empty result of a missing id, and the denial is recorded. A list keeps only the
 * entries of teams the caller may see. Queries without a {@link RequestContext} pass unchecked.
 */
public final class QueryAuthorizationInterceptor implements MessageHandlerInterceptor<QueryMessage<?, ?>> {

    private static final Set<Class<?>> RESOURCE_IDS = Set.of(ApplicationId.class, DeploymentId.class, TeamId.class,
            ServerId.class);
    private static final String DENIAL = AccessDeniedEvent.class.getSimpleName();

    private final AccessRules rules;
    private final AccessDenials denials;

    public QueryAuthorizationInterceptor(AccessRules rules, AccessDenials denials) {
        this.rules = rules;
        this.denials = denials;
    }

    @Override
    public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        QueryMessage<?, ?> query = unitOfWork.getMessage();
        RequestContext context = RequestContext.fromMetaData(query.getMetaData());
        // NOTE: A query without a caller runs with the engine's own rights, because in-process code such as the
        // quickstart's demo sends queries without metadata.
        if (context == null || AccessRules.isEngine(context, query.getMetaData().get(RequestContext.ENGINE_ORIGIN))
                || !AccessRules.isEngineType(query.getPayload())) {
            return interceptorChain.proceed();
        }
        Object payload = query.getPayload();
        Optional<Object> resource = resourceOf(payload);
        RequiredRole required = payload.getClass().getAnnotation(RequiredRole.class);
        if (context.caller().kind() == Caller.Kind.WEBHOOK) {
            denials.record(context, payload, CommandAuthorizationInterceptor.resourceType(resource.orElse(null)),
                    resource.orElse(null), "a webhook may only request deployments of its own application");
            return emptyResult(query, payload);
        }
        if (required == null) {
            denials.record(context, payload, CommandAuthorizationInterceptor.resourceType(resource.orElse(null)),
                    resource.orElse(null), "the query is the engine's own");
            return emptyResult(query, payload);
        }
        if (resource.isPresent()) {
            Optional<TeamId> owner = rules.ownerOf(resource.get());
            if (owner.isPresent() && !rules.canSee(context, owner.get())) {
                denials.record(context, payload, CommandAuthorizationInterceptor.resourceType(resource.get()),
                        resource.get(), "the caller is no member of team " + owner.get());
                return emptyResult(query, payload);
            }
            if (owner.isPresent()) {
                requireRole(context, payload, required.value(), resource.get(), owner.get());
            }
        }
        Predicate<AuditEntry> visibleEntries = entry -> isVisible(entry, context);
        unitOfWork.resources().put(AuditProjection.VISIBLE_ENTRIES, visibleEntries);
        Predicate<Object> visibleViews = view -> isVisible(view, context);
        unitOfWork.resources().put(VisibleViews.RESOURCE, visibleViews);
        return visibleOnly(interceptorChain.proceed(), context);
    }

    /** Rejects a caller that may see the resource but lacks the role or token scope the query needs. */
    private void requireRole(RequestContext context, Object payload, Role required, Object resource, TeamId team) {
        Role role = rules.roleOf(context, team).orElseThrow();
        TokenScope scope = AccessRules.scopeFor(required);
        boolean scopeMissing = context.caller().kind() == Caller.Kind.TOKEN
                && (context.scope() == null || !context.scope().includes(scope));
        if (role.includes(required) && !scopeMissing) {
            return;
        }
        String reason = scopeMissing ? "the API token has scope " + context.scope() + " but " + scope + " is required"
                : "the caller has role " + role + " in team " + team + " but " + required + " is required";
        denials.record(context, payload, CommandAuthorizationInterceptor.resourceType(resource), resource, reason);
        throw new AccessDeniedException("Caller '" + context.caller() + "' may not "
                + CommandAuthorizationInterceptor.actionOf(payload) + ": " + reason + ".");
    }

    /**
     * Removes from a result what the caller may not see. The handlers of the audit log and of the application and
     * deployment pages already skip hidden entries before they apply a limit or page, and this check stays for every
     * other result.
     */
    private Object visibleOnly(Object result, RequestContext context) {
        if (result instanceof List<?> list) {
            return list.stream().filter(entry -> isVisible(entry, context)).toList();
        }
        if (result instanceof AuditPage page) {
            List<AuditPage.Edge> edges = page.entries().stream()
                    .filter(edge -> isVisible(edge.entry(), context))
                    .toList();
            return new AuditPage(edges, page.endCursor(), page.hasNextPage());
        }
        if (result instanceof ApplicationPage page) {
            List<ApplicationPage.Edge> edges = page.entries().stream()
                    .filter(edge -> isVisible(edge.application(), context))
                    .toList();
            return new ApplicationPage(edges, page.endCursor(), page.hasNextPage());
        }
        if (result instanceof DeploymentPage page) {
            List<DeploymentPage.Edge> edges = page.entries().stream()
                    .filter(edge -> isVisible(edge.deployment(), context))
                    .toList();
            return new DeploymentPage(edges, page.endCursor(), page.hasNextPage());
        }
        return result;
    }

    private boolean isVisible(Object entry, RequestContext context) {
        if (entry instanceof ApplicationView application) {
            return rules.canSee(context, teamOrUnassigned(application.teamId()));
        }
        if (entry instanceof DeploymentView deployment) {
            return rules.canSee(context, teamOrUnassigned(deployment.teamId()));
        }
        if (entry instanceof TeamView team) {
            return rules.canSee(context, TeamId.of(team.id()));
        }
        if (entry instanceof AuditEntry audit) {
            return isVisible(audit, context);
        }
        return true;
    }

    /**
     * Shows an audit entry of a team-owned resource to the team's members. A denial that targeted a resource that
     * does not exist is shown only to queries with the engine's own rights, which this check does not see, because
     * the denial of another team's resource is hidden from the denied caller too.
     * Any other entry, such as a denial without a target or a sign-in, is shown to the caller that caused it, to the
     * user it concerns, and to the owners and admins of their teams.
     */
    private boolean isVisible(AuditEntry entry, RequestContext context) {
        Object resource = auditResource(entry);
        Optional<TeamId> owner = Optional.ofNullable(resource).flatMap(rules::ownerOf);
        if (owner.isPresent()) {
            return rules.canSee(context, owner.get());
        }
        if (resource != null && DENIAL.equals(entry.eventType())) {
            return false;
        }
        String caller = context.caller().toString();
        Caller subject = subjectOf(entry);
        if (caller.equals(entry.actor()) || subject != null && subject.equals(context.caller())) {
            return true;
        }
        Caller actor = parseCaller(entry.actor());
        return actor != null && actor.kind() != Caller.Kind.ENGINE && rules.administers(context, actor)
                || subject != null && rules.administers(context, subject);
    }

    /** Returns the user an identity entry concerns, or null for other entries and invalid user names. */
    private static Caller subjectOf(AuditEntry entry) {
        if (!IdentityEvents.USER_RESOURCE.equals(entry.resourceType()) || entry.resourceId() == null) {
            return null;
        }
        return parseCaller("user:" + entry.resourceId());
    }

    private static Caller parseCaller(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Caller.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static TeamId teamOrUnassigned(String teamId) {
        return teamId == null ? TeamId.UNASSIGNED : TeamId.of(teamId);
    }

    private static Object auditResource(AuditEntry entry) {
        if (entry.resourceType() == null || entry.resourceId() == null) {
            return null;
        }
        try {
            return switch (entry.resourceType()) {
                case "Application" -> ApplicationId.of(entry.resourceId());
                case "Deployment" -> DeploymentId.of(entry.resourceId());
                case "Server" -> ServerId.of(entry.resourceId());
                case "Team" -> TeamId.of(entry.resourceId());
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Returns what the query returns for an id that does not exist. */
    private static Object emptyResult(QueryMessage<?, ?> query, Object payload) {
        Class<?> expected = query.getResponseType().getExpectedResponseType();
        if (query.getResponseType() instanceof OptionalResponseType<?>) {
            return Optional.empty();
        }
        if (query.getResponseType() instanceof MultipleInstancesResponseType<?>) {
            return List.of();
        }
        if (AuditPage.class.equals(expected)) {
            return new AuditPage(List.of(), null, false);
        }
        if (ApplicationPage.class.equals(expected)) {
            return ApplicationPage.EMPTY;
        }
        if (DeploymentPage.class.equals(expected)) {
            return DeploymentPage.EMPTY;
        }
        throw new AccessDeniedException("Query " + payload.getClass().getSimpleName() + " is not available to"
                + " callers.");
    }

    /** Returns the first non-null record component whose type is a resource id. */
    private static Optional<Object> resourceOf(Object payload) {
        RecordComponent[] components = payload.getClass().getRecordComponents();
        if (components == null) {
            return Optional.empty();
        }
        for (RecordComponent component : components) {
            if (RESOURCE_IDS.contains(component.getType())) {
                try {
                    Object value = component.getAccessor().invoke(payload);
                    if (value != null) {
                        return Optional.of(value);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Unable to read " + component.getName() + " of "
                            + payload.getClass().getName(), e);
                }
            }
        }
        return Optional.empty();
    }
}
