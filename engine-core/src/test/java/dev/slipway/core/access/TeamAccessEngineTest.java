package dev.slipway.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationConfigurationQuery;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.FindDeploymentsQuery;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamMembershipException;
import dev.slipway.core.team.TeamName;
import dev.slipway.core.team.TeamView;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles, token scopes and membership changes as the engine enforces them, with personal teams as the default. */
class TeamAccessEngineTest {

    private static final RequestContext CAROL = AccessTestEngine.context(Caller.user("carol"), null);

    @TempDir
    Path workDirectory;

    private AccessTestEngine teams;
    private TeamId team;
    private ApplicationId application;

    @BeforeEach
    void setUpTeam() {
        teams = new AccessTestEngine(workDirectory, AccessSettings.PERSONAL_TEAMS);
        team = teams.engine.createTeam(AccessTestEngine.ALICE, new TeamName("platform"));
        application = teams.createApplication(AccessTestEngine.ALICE, team, "web");
    }

    @AfterEach
    void closeEngine() {
        teams.close();
    }

    @Test
    void viewerSeesButCannotDeploy() {
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, CAROL.caller(), Role.VIEWER);

        assertThat(teams.engine.findApplication(CAROL, application)).isPresent();
        assertThatThrownBy(() -> teams.engine.requestDeployment(CAROL, application, null))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("user:carol")
                .hasMessageContaining("DEPLOYER is required");
        assertThat(teams.engine.findDeployments(application)).isEmpty();
    }

    @Test
    void viewerCannotReadEncryptedConfiguration() {
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, CAROL.caller(), Role.VIEWER);

        assertThatThrownBy(() -> teams.engine.queryGateway().query(GenericMessage.asMessage(
                                new FindApplicationConfigurationQuery(application)).andMetaData(CAROL.toMetaData()),
                        ResponseTypes.optionalInstanceOf(ApplicationConfiguration.class)).join())
                .hasCauseInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("ADMIN is required");
        assertThat(teams.engine.queryGateway().query(GenericMessage.asMessage(
                        new FindApplicationConfigurationQuery(application))
                        .andMetaData(AccessTestEngine.ALICE.toMetaData()),
                ResponseTypes.optionalInstanceOf(ApplicationConfiguration.class)).join()).isPresent();
    }

    @Test
    void deployerDeploysButCannotDelete() {
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, CAROL.caller(), Role.DEPLOYER);

        DeploymentView deployment = teams.deployAndAwaitEnd(CAROL, application);

        assertThat(deployment.requestedBy()).isEqualTo("user:carol");
        assertThatThrownBy(() -> teams.engine.commandGateway().sendAndWait(
                org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage(
                        new dev.slipway.core.application.DeleteApplicationCommand(application))
                        .andMetaData(CAROL.toMetaData())))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("ADMIN is required");
    }

    @Test
    void removedMemberIsRefusedAtOnce() {
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, CAROL.caller(), Role.DEPLOYER);
        teams.deployAndAwaitEnd(CAROL, application);

        teams.engine.removeTeamMember(AccessTestEngine.ALICE, team, CAROL.caller());

        assertThatThrownBy(() -> teams.engine.requestDeployment(CAROL, application, null))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("resource '" + application + "' not found");
        assertThat(teams.engine.findApplication(CAROL, application)).isEmpty();
    }

    @Test
    void demotedMemberIsRefusedAtOnce() {
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, CAROL.caller(), Role.DEPLOYER);

        teams.engine.changeTeamMemberRole(AccessTestEngine.ALICE, team, CAROL.caller(), Role.VIEWER);

        assertThatThrownBy(() -> teams.engine.requestDeployment(CAROL, application, null))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void readScopedTokenCannotDeploy() {
        RequestContext readToken = AccessTestEngine.token("ci-read", TokenScope.READ);
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, readToken.caller(), Role.DEPLOYER);

        assertThat(teams.engine.findApplication(readToken, application)).isPresent();
        assertThatThrownBy(() -> teams.engine.requestDeployment(readToken, application, null))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("may not request deployment")
                .hasMessageContaining("scope READ")
                .hasMessageContaining("DEPLOY is required");
        assertThat(teams.engine.findDeployments(application)).isEmpty();
    }

    @Test
    void tokenCannotCreateTeam() {
        RequestContext adminToken = AccessTestEngine.token("ci-teams", TokenScope.ADMIN);

        assertThatThrownBy(() -> teams.engine.createTeam(adminToken, new TeamName("owned-by-token")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("may not create a team")
                .hasMessageContaining("Create the team as a user");
        assertThat(teams.engine.findTeams(adminToken)).extracting(TeamView::name).containsExactly("personal");
    }

    @Test
    void deployScopedTokenDeploysWithinItsRole() {
        RequestContext deployToken = AccessTestEngine.token("ci-deploy", TokenScope.DEPLOY);
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, deployToken.caller(), Role.ADMIN);

        DeploymentView deployment = teams.deployAndAwaitEnd(deployToken, application);

        assertThat(deployment.requestedBy()).isEqualTo("token:ci-deploy");
        assertThatThrownBy(() -> teams.createApplication(deployToken, team, "api"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("ADMIN is required");
    }

    @Test
    void adminScopedTokenCannotExceedViewerRole() {
        RequestContext adminToken = AccessTestEngine.token("ci-admin", TokenScope.ADMIN);
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, adminToken.caller(), Role.VIEWER);

        assertThatThrownBy(() -> teams.engine.requestDeployment(adminToken, application, null))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("role VIEWER");
    }

    @Test
    void listsShowOnlyVisibleTeams() {
        ApplicationId personal = teams.createApplication(CAROL, null, "carols");

        List<ApplicationView> ofAlice = teams.engine.findApplications(AccessTestEngine.ALICE);
        List<ApplicationView> ofCarol = teams.engine.findApplications(CAROL);
        List<TeamView> teamsOfCarol = teams.engine.findTeams(CAROL);

        assertThat(ofAlice).extracting(ApplicationView::id).containsExactly(application.toString());
        assertThat(ofCarol).extracting(ApplicationView::id).containsExactly(personal.toString());
        assertThat(ofCarol.get(0).teamId()).isEqualTo(TeamId.personalOf(CAROL.caller()).toString());
        assertThat(teamsOfCarol).extracting(TeamView::id)
                .containsExactly(TeamId.personalOf(CAROL.caller()).toString());
        assertThat(teams.engine.findTeams(AccessTestEngine.ALICE)).extracting(TeamView::name, TeamView::personal)
                .containsExactly(tuple("personal", true), tuple("platform", false));
    }

    @Test
    void hostCommandsAndQueriesPassUnchecked() {
        Configuration axon = teams.engine.axonConfiguration();
        axon.commandBus().subscribe("host.Ping", command -> "pong " + command.getPayload());
        axon.queryBus().subscribe("host.Echo", String.class, query -> "echo " + query.getPayload());

        Object pong = axon.commandGateway().sendAndWait(new GenericCommandMessage<>(
                GenericMessage.asMessage("hi").andMetaData(CAROL.toMetaData()), "host.Ping"));
        String echo = axon.queryGateway().query("host.Echo", GenericMessage.asMessage("hi")
                .andMetaData(CAROL.toMetaData()), ResponseTypes.instanceOf(String.class)).join();

        assertThat(pong).isEqualTo("pong hi");
        assertThat(echo).isEqualTo("echo hi");
        assertThat(denials(axon)).isZero();
        assertThatThrownBy(() -> axon.commandGateway().sendAndWait(new GenericCommandMessage<>(
                GenericMessage.asMessage("hi"), "host.Ping")))
                .isInstanceOf(MissingCallerException.class);
    }

    private static long denials(Configuration axon) {
        try (var events = axon.eventStore().openStream(null)) {
            long count = 0;
            while (events.hasNextAvailable()) {
                if (events.nextAvailable().getPayloadType() == AccessDeniedEvent.class) {
                    count++;
                }
            }
            return count;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void stepDeadlinesLeaveJvmFreeToExit() {
        ApplicationId own = teams.createApplication(AccessTestEngine.ALICE, null, "deadlines");

        teams.deployAndAwaitEnd(AccessTestEngine.ALICE, own);

        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.getName().equals("slipway-step-deadlines") && thread.isAlive())
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.isDaemon()).as(thread.getName()).isTrue());
    }

    @Test
    void personalTeamReadsLikeTeamOfOneOwner() {
        TeamId ofAlice = TeamId.personalOf(AccessTestEngine.ALICE.caller());

        assertThat(teams.engine.findTeam(AccessTestEngine.ALICE, ofAlice)).hasValueSatisfying(view -> {
            assertThat(view.name()).isEqualTo("personal");
            assertThat(view.personal()).isTrue();
            assertThat(view.members()).containsExactly(new TeamView.Member("user:alice", Role.OWNER));
        });
        assertThat(teams.engine.findTeam(CAROL, ofAlice)).isEmpty();
        assertThat(teams.engine.findTeam(AccessTestEngine.ALICE, team)).hasValueSatisfying(view ->
                assertThat(view.personal()).isFalse());
    }

    @Test
    void personalTeamKeepsItsOnlyMember() {
        TeamId ofAlice = TeamId.personalOf(AccessTestEngine.ALICE.caller());
        ApplicationId own = teams.createApplication(AccessTestEngine.ALICE, null, "own");

        assertThatThrownBy(() -> teams.engine.addTeamMember(AccessTestEngine.ALICE, ofAlice, CAROL.caller(),
                Role.VIEWER))
                .isInstanceOf(TeamMembershipException.class)
                .hasMessageContaining("personal team of 'user:alice'");
        assertThatThrownBy(() -> teams.engine.removeTeamMember(AccessTestEngine.ALICE, ofAlice,
                AccessTestEngine.ALICE.caller()))
                .isInstanceOf(TeamMembershipException.class);
        assertThat(teams.engine.findApplication(CAROL, own)).isEmpty();
        assertThat(teams.engine.findTeam(AccessTestEngine.ALICE, ofAlice).orElseThrow().members()).hasSize(1);
    }

    @Test
    void nameOfOtherTeamsApplicationFree() {
        ApplicationId carols = teams.createApplication(CAROL, null, "web");

        assertThat(teams.engine.findApplication(CAROL, carols)).map(ApplicationView::name).contains("web");
        assertThatThrownBy(() -> teams.createApplication(AccessTestEngine.ALICE, team, "web"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("name")
                .hasMessageContaining("unique within the team");

        teams.engine.replayReadModels();

        assertThatThrownBy(() -> teams.createApplication(CAROL, null, "web"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(teams.createApplication(AccessTestEngine.ALICE, null, "web")).isNotNull();
    }

    @Test
    void deploymentListOfHiddenApplicationIsEmpty() {
        teams.deployAndAwaitEnd(AccessTestEngine.ALICE, application);

        List<DeploymentView> ofCarol = teams.engine.queryGateway().query(
                GenericMessage.asMessage(new FindDeploymentsQuery(null)).andMetaData(CAROL.toMetaData()),
                ResponseTypes.multipleInstancesOf(DeploymentView.class)).join();

        assertThat(ofCarol).isEmpty();
        assertThat(teams.engine.findDeployments(application)).hasSize(1);
    }

    @Test
    void deniedAccessIsAuditedWithCaller() {
        assertThatThrownBy(() -> teams.engine.requestDeployment(CAROL, application, null))
                .isInstanceOf(NotFoundException.class);

        List<AuditEntry> denials = teams.engine.findAuditEvents(null, 100).stream()
                .filter(entry -> entry.eventType().equals("AccessDeniedEvent"))
                .toList();

        assertThat(denials).hasSize(1);
        assertThat(denials.get(0).actor()).isEqualTo("user:carol");
        assertThat(denials.get(0).clientAddress()).isEqualTo("192.0.2.20");
        assertThat(teams.engine.findDeployments(application)).isEmpty();
    }

    @Test
    void otherTeamsTokenFindsDeploymentLikeMissingId() {
        DeploymentView deployment = teams.deployAndAwaitEnd(AccessTestEngine.ALICE, application);
        TeamId otherTeam = teams.engine.createTeam(AccessTestEngine.BOB, new TeamName("other"));
        RequestContext otherToken = AccessTestEngine.token("other-ci", TokenScope.ADMIN);
        teams.engine.addTeamMember(AccessTestEngine.BOB, otherTeam, otherToken.caller(), Role.ADMIN);

        assertThat(teams.engine.findDeployment(otherToken, DeploymentId.of(deployment.id()))).isEmpty();
        assertThat(teams.engine.findDeployment(otherToken, DeploymentId.random())).isEmpty();

        List<AuditEntry> denials = teams.engine.findAuditEvents(null, 100).stream()
                .filter(entry -> entry.eventType().equals("AccessDeniedEvent"))
                .toList();
        assertThat(denials).hasSize(1);
        assertThat(denials.get(0).actor()).isEqualTo("token:other-ci");
    }

    @Test
    void everyEventOfTeamResourceCarriesTeam() {
        DeploymentView deployment = teams.deployAndAwaitEnd(AccessTestEngine.ALICE, application);

        List<DomainEventMessage<?>> events = new java.util.ArrayList<>(teams.eventsOf(application));
        events.addAll(teams.eventsOf(DeploymentId.of(deployment.id())));

        assertThat(events).hasSizeGreaterThan(3);
        assertThat(events).allSatisfy(event -> assertThat(event.getMetaData().get(RequestContext.TEAM))
                .as(event.getPayloadType().getSimpleName()).isEqualTo(team.toString()));
        assertThat(deployment.teamId()).isEqualTo(team.toString());
    }

    @Test
    void teamsAndOwnershipSurviveReplay() {
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, CAROL.caller(), Role.VIEWER);

        teams.engine.replayReadModels();

        assertThat(teams.engine.findApplication(CAROL, application)).isPresent();
        assertThatThrownBy(() -> teams.engine.requestDeployment(CAROL, application, null))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void commandsAndQueriesWaitForRunningReplays() throws Exception {
        for (int i = 0; i < 300; i++) {
            teams.engine.setEnvironmentVariable(AccessTestEngine.ALICE, application, new VariableName("V_" + i),
                    "value " + i);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Integer> replays = CompletableFuture.supplyAsync(() -> {
            int count = 0;
            while (writing.get()) {
                teams.engine.replayReadModels();
                count++;
            }
            return count;
        });

        try {
            for (int i = 0; i < 200; i++) {
                Caller member = Caller.user("member" + i);
                teams.engine.addTeamMember(AccessTestEngine.ALICE, team, member, Role.VIEWER);
                assertThat(teams.engine.findApplication(AccessTestEngine.ALICE, application)).as("query " + i)
                        .isPresent();
            }
        } finally {
            writing.set(false);
        }

        assertThat(replays.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(teams.engine.findTeams(AccessTestEngine.ALICE)).filteredOn(view -> view.id().equals(team.toString()))
                .singleElement().satisfies(view -> assertThat(view.members()).hasSizeGreaterThanOrEqualTo(200));
    }
}
