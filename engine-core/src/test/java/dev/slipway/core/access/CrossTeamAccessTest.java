package dev.slipway.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationPage;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceCredential;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.AuditFilter;
import dev.slipway.core.audit.AuditPage;
import dev.slipway.core.audit.FindAuditEventsQuery;
import dev.slipway.core.audit.SearchAuditEventsQuery;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentPage;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.server.RegisterServerCommand;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Sends every command and query the engine handles, found on the class path by their handler annotations, from a
 * member of team A against the resources of team B. Each command must fail exactly as it fails for ids that do not
 * exist, and store nothing. Each query must return what it returns for a missing id, or leave out team B's entries.
 */
class CrossTeamAccessTest {

    /** Commands that create a resource under an id the caller chooses, outside any existing team. */
    private static final List<Class<?>> SELF_OWNED_CREATIONS = List.of(CreateTeamCommand.class);

    @TempDir
    Path workDirectory;

    private AccessTestEngine teams;
    private TeamId teamA;
    private TeamId teamB;
    private ApplicationId applicationB;
    private DeploymentId deploymentB;
    private ServerId serverB;

    @BeforeEach
    void setUpTwoTeams() {
        teams = new AccessTestEngine(workDirectory, AccessSettings.PERSONAL_TEAMS);
        teamA = teams.engine.createTeam(AccessTestEngine.ALICE, new TeamName("team-a"));
        teamB = teams.engine.createTeam(AccessTestEngine.BOB, new TeamName("team-b"));
        teams.createApplication(AccessTestEngine.ALICE, teamA, "web-a");
        applicationB = teams.createApplication(AccessTestEngine.BOB, teamB, "web-b");
        teams.engine.createWebhook(AccessTestEngine.BOB, applicationB);
        serverB = ServerId.random();
        teams.engine.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(
                new RegisterServerCommand(serverB, "b", "tcp://192.0.2.30:2376", teamB))
                .andMetaData(AccessTestEngine.BOB.toMetaData()));
        deploymentB = DeploymentId.of(teams.deployAndAwaitEnd(AccessTestEngine.BOB, applicationB).id());
    }

    @AfterEach
    void closeEngine() {
        teams.close();
    }

    @Test
    void handlersFoundOnClassPath() {
        assertThat(handledTypes(CommandHandler.class)).hasSizeGreaterThan(20);
        assertThat(handledTypes(QueryHandler.class)).hasSizeGreaterThan(8);
    }

    @Test
    void commandOnOtherTeamReadsAsMissing() {
        Map<String, Integer> eventCounts = eventCountsOfTeamB();
        List<String> checked = new ArrayList<>();
        for (Class<?> type : handledTypes(CommandHandler.class).values()) {
            if (SELF_OWNED_CREATIONS.contains(type)) {
                continue;
            }
            Throwable onTeamB = failureOf(instance(type, this::valueOfTeamB));
            Throwable onMissing = failureOf(instance(type, this::valueOfMissing));

            assertThat(onTeamB).as(type.getSimpleName()).isInstanceOf(AggregateNotFoundException.class);
            assertThat(onTeamB.getClass()).as(type.getSimpleName()).isEqualTo(onMissing.getClass());
            assertThat(onTeamB.getMessage()).as(type.getSimpleName()).isEqualTo(onMissing.getMessage());
            checked.add(type.getSimpleName());
        }

        assertThat(checked).contains("RequestDeploymentCommand", "CancelDeploymentCommand", "SetSecretCommand",
                "DeleteApplicationCommand", "AddTeamMemberCommand", "RecordImageBuiltCommand",
                "CreateApplicationCommand", "RegisterServerCommand");
        assertThat(eventCountsOfTeamB()).isEqualTo(eventCounts);
    }

    @Test
    void idOfOtherKindReadsAsMissing() {
        Map<String, Integer> eventCounts = eventCountsOfTeamB();
        List<String> checked = new ArrayList<>();
        for (RequestContext caller : List.of(AccessTestEngine.ALICE, AccessTestEngine.BOB)) {
            for (Class<?> type : handledTypes(CommandHandler.class).values()) {
                if (SELF_OWNED_CREATIONS.contains(type) || TeamOwnedCreation.class.isAssignableFrom(type)) {
                    continue;
                }
                Object onOtherKind = instance(type, this::valueOfOtherKind);
                if (onOtherKind.equals(instance(type, this::valueOfTeamB))) {
                    continue;
                }
                Throwable failure = failureOf(onOtherKind, caller);
                Throwable onMissing = failureOf(instance(type, this::valueOfMissing), caller);

                assertThat(failure).as(type.getSimpleName() + " from " + caller.caller())
                        .isInstanceOf(AggregateNotFoundException.class);
                assertThat(failure.getMessage()).as(type.getSimpleName()).isEqualTo(onMissing.getMessage());
                checked.add(type.getSimpleName());
            }
        }

        assertThat(checked).contains("RequestDeploymentCommand", "CancelDeploymentCommand",
                "SetEnvironmentVariableCommand", "DeleteApplicationCommand");
        assertThat(eventCountsOfTeamB()).isEqualTo(eventCounts);
    }

    @Test
    void createTeamWithOtherTeamsIdChangesNothing() {
        Map<String, Integer> eventCounts = eventCountsOfTeamB();

        assertThatThrownBy(() -> send(new CreateTeamCommand(teamB, new TeamName("taken"))))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(eventCountsOfTeamB()).isEqualTo(eventCounts);
    }

    @Test
    void createApplicationWithOtherTeamsIdChangesNothing() {
        Map<String, Integer> eventCounts = eventCountsOfTeamB();

        assertThatThrownBy(() -> send(new CreateApplicationCommand(applicationB, new ApplicationName("hijack"),
                AccessTestEngine.source(), new RuntimeSpec(8080, null, null), null, teamA)))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(eventCountsOfTeamB()).isEqualTo(eventCounts);
        assertThat(teams.engine.findApplication(applicationB).orElseThrow().name()).isEqualTo("web-b");
    }

    @Test
    void createTeamUnderPersonalTeamIdIsRejected() {
        TeamId personalOfBob = TeamId.personalOf(AccessTestEngine.BOB.caller());

        assertThatThrownBy(() -> send(new CreateTeamCommand(personalOfBob, new TeamName("bobs"))))
                .isInstanceOf(AggregateNotFoundException.class);

        assertThat(teams.eventsOf(personalOfBob)).isEmpty();
    }

    @Test
    void queryOnOtherTeamReturnsNothing() {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<Class<?>, Method> handler : queryHandlers().entrySet()) {
            Class<?> type = handler.getKey();
            Object query = instance(type, this::valueOfTeamB);
            ResponseType<?> responseType = responseTypeOf(handler.getValue());

            Object ofAlice = query(query, responseType, AccessTestEngine.ALICE);

            assertThat(mentionsTeamB(ofAlice)).as(type.getSimpleName() + " returned " + ofAlice).isFalse();
            if (ofAlice instanceof Optional<?> single) {
                assertThat(single).as(type.getSimpleName()).isEmpty();
            }
            Object ofBob = query(query, responseType, AccessTestEngine.BOB);
            assertThat(isEmptyResult(ofBob)).as(type.getSimpleName() + " for a member of team B: " + ofBob).isFalse();
            checked.add(type.getSimpleName());
        }

        assertThat(checked).contains("FindApplicationQuery", "FindApplicationsQuery", "FindApplicationPageQuery",
                "FindDeploymentQuery", "FindDeploymentsQuery", "FindDeploymentPageQuery", "FindConfigurationQuery",
                "FindAuditEventsQuery", "SearchAuditEventsQuery", "FindTeamQuery", "FindTeamsQuery");
    }

    @Test
    void auditSearchHidesOtherTeam() {
        AuditPage otherTeam = (AuditPage) query(new SearchAuditEventsQuery(new AuditFilter(applicationB.toString(),
                null, null, null, null), null, 1), ResponseTypes.instanceOf(AuditPage.class), AccessTestEngine.ALICE);
        AuditPage unknown = (AuditPage) query(new SearchAuditEventsQuery(new AuditFilter(
                ApplicationId.random().toString(), null, null, null, null), null, 1),
                ResponseTypes.instanceOf(AuditPage.class), AccessTestEngine.ALICE);
        List<?> entries = (List<?>) query(new FindAuditEventsQuery(null, 1),
                ResponseTypes.multipleInstancesOf(AuditEntry.class), AccessTestEngine.ALICE);

        assertThat(otherTeam).isEqualTo(unknown);
        assertThat(otherTeam.endCursor()).isNull();
        assertThat(otherTeam.hasNextPage()).isFalse();
        assertThat(entries).hasSize(1);
        assertThat(mentionsTeamB(entries)).isFalse();
    }

    @Test
    void deniedCallerFindsNoOwnDenials() {
        for (Class<?> type : handledTypes(CommandHandler.class).values()) {
            if (!SELF_OWNED_CREATIONS.contains(type)) {
                failureOf(instance(type, this::valueOfTeamB));
                failureOf(instance(type, this::valueOfMissing));
            }
        }
        for (Map.Entry<Class<?>, Method> handler : queryHandlers().entrySet()) {
            query(instance(handler.getKey(), this::valueOfTeamB), responseTypeOf(handler.getValue()),
                    AccessTestEngine.ALICE);
        }

        List<AuditEntry> all = teams.engine.findAuditEvents(null, 1000).stream()
                .filter(entry -> entry.eventType().equals("AccessDeniedEvent"))
                .toList();
        List<?> ofAlice = (List<?>) query(new FindAuditEventsQuery(null, 1000),
                ResponseTypes.multipleInstancesOf(AuditEntry.class), AccessTestEngine.ALICE);
        List<?> ofBob = (List<?>) query(new FindAuditEventsQuery(null, 1000),
                ResponseTypes.multipleInstancesOf(AuditEntry.class), AccessTestEngine.BOB);

        assertThat(all).isNotEmpty();
        assertThat(all).allSatisfy(entry -> assertThat(entry.actor()).isEqualTo("user:alice"));
        assertThat(ofAlice).filteredOn(entry -> ((AuditEntry) entry).eventType().equals("AccessDeniedEvent"))
                .isEmpty();
        List<String> ofTeamB = all.stream().filter(this::mentionsTeamB).map(AuditEntry::eventId).toList();
        assertThat(ofTeamB).isNotEmpty();
        assertThat(ofBob).filteredOn(entry -> ((AuditEntry) entry).eventType().equals("AccessDeniedEvent"))
                .extracting(entry -> ((AuditEntry) entry).eventId())
                .containsExactlyInAnyOrderElementsOf(ofTeamB);
    }

    @Test
    void cursorOfHiddenEventReadsAsUnknown() {
        String hiddenEvent = teams.engine.findAuditEvents(applicationB.toString(), 1).get(0).eventId();
        String hidden = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hiddenEvent.getBytes(StandardCharsets.UTF_8));
        String unknown = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        AuditFilter all = new AuditFilter(null, null, null, null, null);

        Object afterHidden = query(new SearchAuditEventsQuery(all, hidden, 10),
                ResponseTypes.instanceOf(AuditPage.class), AccessTestEngine.ALICE);
        Object afterUnknown = query(new SearchAuditEventsQuery(all, unknown, 10),
                ResponseTypes.instanceOf(AuditPage.class), AccessTestEngine.ALICE);
        Object ofBob = query(new SearchAuditEventsQuery(all, hidden, 10),
                ResponseTypes.instanceOf(AuditPage.class), AccessTestEngine.BOB);

        assertThat(afterHidden).isInstanceOf(InvalidInputException.class);
        assertThat(afterHidden.getClass()).isEqualTo(afterUnknown.getClass());
        assertThat(((Throwable) afterHidden).getMessage())
                .isEqualTo(((Throwable) afterUnknown).getMessage().replace(unknown, hidden));
        assertThat(ofBob).isInstanceOf(AuditPage.class);
    }

    private Map<String, Integer> eventCountsOfTeamB() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object id : List.of(teamB, applicationB, deploymentB, serverB)) {
            counts.put(id.toString(), teams.eventsOf(id).size());
        }
        return counts;
    }

    private boolean mentionsTeamB(Object result) {
        String text = String.valueOf(result);
        return Stream.of(teamB, applicationB, deploymentB, serverB).anyMatch(id -> text.contains(id.toString()));
    }

    private static boolean isEmptyResult(Object result) {
        if (result instanceof Optional<?> single) {
            return single.isEmpty();
        }
        if (result instanceof Collection<?> many) {
            return many.isEmpty();
        }
        if (result instanceof AuditPage page) {
            return page.entries().isEmpty();
        }
        if (result instanceof ApplicationPage page) {
            return page.entries().isEmpty();
        }
        if (result instanceof DeploymentPage page) {
            return page.entries().isEmpty();
        }
        return result == null || result instanceof Throwable;
    }

    private Throwable failureOf(Object command) {
        return failureOf(command, AccessTestEngine.ALICE);
    }

    private Throwable failureOf(Object command, RequestContext caller) {
        try {
            teams.engine.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(caller.toMetaData()));
        } catch (RuntimeException e) {
            return e;
        }
        return fail(command.getClass().getSimpleName() + " succeeded but must fail");
    }

    private void send(Object command) {
        teams.engine.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(AccessTestEngine.ALICE.toMetaData()));
    }

    private Object query(Object query, ResponseType<?> responseType, RequestContext context) {
        try {
            return teams.engine.queryGateway().query(GenericMessage.asMessage(query)
                    .andMetaData(context.toMetaData()), responseType).join();
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /**
     * Returns a value for a message field that names a resource of team B. A command that creates a resource in a
     * team gets team B and new ids otherwise.
     */
    private Object valueOfTeamB(RecordComponent component) {
        Class<?> type = component.getType();
        if (TeamOwnedCreation.class.isAssignableFrom(component.getDeclaringRecord()) && type != TeamId.class) {
            return valueOfMissing(component);
        }
        if (type == ApplicationId.class) {
            return applicationB;
        }
        if (type == DeploymentId.class) {
            return deploymentB;
        }
        if (type == TeamId.class) {
            return teamB;
        }
        if (type == ServerId.class) {
            return serverB;
        }
        if (type == String.class && component.getName().equals("resourceId")) {
            return applicationB.toString();
        }
        return plainValue(component);
    }

    /**
     * Returns a value for a message field that names a resource of team B of another kind, as a deployment's id in
     * an application id field.
     */
    private Object valueOfOtherKind(RecordComponent component) {
        Class<?> type = component.getType();
        if (type == ApplicationId.class) {
            return ApplicationId.of(deploymentB.toString());
        }
        if (type == DeploymentId.class) {
            return DeploymentId.of(applicationB.toString());
        }
        if (type == TeamId.class) {
            return TeamId.of(applicationB.toString());
        }
        if (type == ServerId.class) {
            return ServerId.of(applicationB.toString());
        }
        return valueOfTeamB(component);
    }

    /** Returns a value for a message field that names a resource that does not exist. */
    private Object valueOfMissing(RecordComponent component) {
        Class<?> type = component.getType();
        if (type == ApplicationId.class) {
            return ApplicationId.random();
        }
        if (type == DeploymentId.class) {
            return DeploymentId.random();
        }
        if (type == TeamId.class) {
            return TeamId.random();
        }
        if (type == ServerId.class) {
            return ServerId.random();
        }
        return plainValue(component);
    }

    private static Object plainValue(RecordComponent component) {
        Class<?> type = component.getType();
        Map<Class<?>, Object> samples = Map.of(
                int.class, 10, long.class, 1L, boolean.class, false,
                VariableName.class, new VariableName("GREETING"),
                EncryptedSecret.class, new EncryptedSecret(1, "AAAA"),
                Caller.class, Caller.user("carol"),
                Role.class, Role.VIEWER,
                DeploymentStep.class, DeploymentStep.RESOLVE_COMMIT,
                CommitSha.class, new CommitSha("a".repeat(40)),
                GitRef.class, new GitRef("main"));
        if (samples.containsKey(type)) {
            return samples.get(type);
        }
        if (type == ApplicationName.class) {
            return new ApplicationName("web-" + Long.toHexString(System.nanoTime()));
        }
        if (type == TeamName.class) {
            return new TeamName("taken");
        }
        if (type == dev.slipway.core.application.SourceSpec.class) {
            return AccessTestEngine.source();
        }
        if (type == RuntimeSpec.class) {
            return new RuntimeSpec(8080, null, null);
        }
        if (type == SourceCredential.class) {
            return new SourceCredential(SourceCredential.Kind.HTTPS_TOKEN, "git", new EncryptedSecret(1, "AAAA"), null);
        }
        if (type == String.class) {
            return component.getName().equals("after") ? null : "value";
        }
        // Other fields, such as an optional release or idempotency key, may be null in every message here.
        return null;
    }

    private static Object instance(Class<?> type, Function<RecordComponent, Object> values) {
        if (!type.isRecord()) {
            return fail(type.getName() + " is no record: give it a value in this test");
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            arguments[i] = values.apply(components[i]);
            parameterTypes[i] = components[i].getType();
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            return fail("Unable to create " + type.getSimpleName() + " from sample values: add a sample for its"
                    + " fields in this test", e);
        }
    }

    private static ResponseType<?> responseTypeOf(Method handler) {
        Type returned = handler.getGenericReturnType();
        if (returned instanceof ParameterizedType parameterized) {
            Class<?> element = (Class<?>) parameterized.getActualTypeArguments()[0];
            if (parameterized.getRawType() == Optional.class) {
                return ResponseTypes.optionalInstanceOf(element);
            }
            if (Collection.class.isAssignableFrom((Class<?>) parameterized.getRawType())) {
                return ResponseTypes.multipleInstancesOf(element);
            }
        }
        return ResponseTypes.instanceOf(handler.getReturnType());
    }

    /** Returns every type handled by a method or constructor with this annotation, by name. */
    private static Map<String, Class<?>> handledTypes(Class<? extends java.lang.annotation.Annotation> annotation) {
        Map<String, Class<?>> types = new TreeMap<>();
        for (Executable handler : handlers(annotation)) {
            Class<?> type = handler.getParameterTypes()[0];
            types.put(type.getName(), type);
        }
        return types;
    }

    private static Map<Class<?>, Method> queryHandlers() {
        Map<Class<?>, Method> handlers = new java.util.LinkedHashMap<>();
        for (Executable handler : handlers(QueryHandler.class)) {
            handlers.put(handler.getParameterTypes()[0], (Method) handler);
        }
        return handlers;
    }

    private static List<Executable> handlers(Class<? extends java.lang.annotation.Annotation> annotation) {
        List<Executable> handlers = new ArrayList<>();
        for (Class<?> type : engineClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(annotation)) {
                    handlers.add(method);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.isAnnotationPresent(annotation)) {
                    handlers.add(constructor);
                }
            }
        }
        return handlers;
    }

    private static List<Class<?>> engineClasses() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        MetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
        List<Class<?>> classes = new ArrayList<>();
        try {
            for (Resource resource : resolver.getResources("classpath*:dev/slipway/core/**/*.class")) {
                String name = readers.getMetadataReader(resource).getClassMetadata().getClassName();
                if (!resource.getURL().toString().contains("/test-classes/")) {
                    classes.add(Class.forName(name, false, CrossTeamAccessTest.class.getClassLoader()));
                }
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Unable to list the engine's classes", e);
        }
        return classes;
    }
}
