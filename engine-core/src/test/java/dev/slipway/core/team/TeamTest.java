package dev.slipway.core.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import dev.slipway.core.access.AccessDeniedException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.server.ServerRegisteredEvent;
import dev.slipway.core.spec.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamTest {

    private static final TeamId TEAM = TeamId.random();
    private static final TeamName NAME = new TeamName("platform");
    private static final Caller ALICE = Caller.user("alice");
    private static final Caller BOB = Caller.user("bob");
    private static final Caller CI_TOKEN = new Caller(Caller.Kind.TOKEN, "ci");

    private AggregateTestFixture<Team> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Team.class);
    }

    @Test
    void createMakesCreatorOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateTeamCommand(TEAM, NAME), as(ALICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TeamCreatedEvent(TEAM, NAME, ALICE));
    }

    @Test
    void ownerAddsMemberWithRole() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE))
                .when(new AddTeamMemberCommand(TEAM, BOB, Role.DEPLOYER), as(ALICE))
                .expectEvents(new TeamMemberAddedEvent(TEAM, BOB, Role.DEPLOYER));
    }

    @Test
    void ownerAddsApiTokenAsMember() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE))
                .when(new AddTeamMemberCommand(TEAM, CI_TOKEN, Role.DEPLOYER), as(ALICE))
                .expectEvents(new TeamMemberAddedEvent(TEAM, CI_TOKEN, Role.DEPLOYER));
    }

    @Test
    void adminAddsMember() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.ADMIN))
                .when(new AddTeamMemberCommand(TEAM, Caller.user("carol"), Role.VIEWER), as(BOB))
                .expectEvents(new TeamMemberAddedEvent(TEAM, Caller.user("carol"), Role.VIEWER));
    }

    @Test
    void adminCannotMakeOwner() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.ADMIN))
                .when(new ChangeTeamMemberRoleCommand(TEAM, BOB, Role.OWNER), as(BOB))
                .expectException(AccessDeniedException.class)
                .expectExceptionMessage(containsString("may not make"))
                .expectNoEvents();
    }

    @Test
    void adminCannotRemoveOwner() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.ADMIN),
                        new TeamMemberAddedEvent(TEAM, Caller.user("carol"), Role.OWNER))
                .when(new RemoveTeamMemberCommand(TEAM, Caller.user("carol")), as(BOB))
                .expectException(AccessDeniedException.class)
                .expectNoEvents();
    }

    @Test
    void deployerCannotAddMember() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.DEPLOYER))
                .when(new AddTeamMemberCommand(TEAM, Caller.user("carol"), Role.VIEWER), as(BOB))
                .expectException(AccessDeniedException.class)
                .expectExceptionMessage(containsString("only an owner or an admin"))
                .expectNoEvents();
    }

    @Test
    void outsiderCannotChangeRole() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.VIEWER))
                .when(new ChangeTeamMemberRoleCommand(TEAM, BOB, Role.OWNER), as(BOB))
                .expectException(AccessDeniedException.class)
                .expectNoEvents();
    }

    @Test
    void addingExistingMemberIsRejected() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.VIEWER))
                .when(new AddTeamMemberCommand(TEAM, BOB, Role.ADMIN), as(ALICE))
                .expectException(TeamMembershipException.class)
                .expectExceptionMessage(containsString("already a member"))
                .expectNoEvents();
    }

    @Test
    void ownerChangesMemberRole() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.VIEWER))
                .when(new ChangeTeamMemberRoleCommand(TEAM, BOB, Role.ADMIN), as(ALICE))
                .expectEvents(new TeamMemberRoleChangedEvent(TEAM, BOB, Role.ADMIN));
    }

    @Test
    void unchangedRoleStoresNothing() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.VIEWER))
                .when(new ChangeTeamMemberRoleCommand(TEAM, BOB, Role.VIEWER), as(ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void lastOwnerCannotBeDemoted() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.ADMIN))
                .when(new ChangeTeamMemberRoleCommand(TEAM, ALICE, Role.ADMIN), as(ALICE))
                .expectException(TeamMembershipException.class)
                .expectExceptionMessage(containsString("last owner"))
                .expectNoEvents();
    }

    @Test
    void lastOwnerCannotBeRemoved() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE))
                .when(new RemoveTeamMemberCommand(TEAM, ALICE), as(ALICE))
                .expectException(TeamMembershipException.class)
                .expectExceptionMessage(containsString("last owner"))
                .expectNoEvents();
    }

    @Test
    void ownerLeavesWhenAnotherOwnerRemains() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.OWNER))
                .when(new RemoveTeamMemberCommand(TEAM, ALICE), as(ALICE))
                .expectEvents(new TeamMemberRemovedEvent(TEAM, ALICE));
    }

    @Test
    void removedOwnerCannotManageMembers() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE), new TeamMemberAddedEvent(TEAM, BOB, Role.OWNER),
                        new TeamMemberRemovedEvent(TEAM, ALICE))
                .when(new AddTeamMemberCommand(TEAM, Caller.user("carol"), Role.VIEWER), as(ALICE))
                .expectException(AccessDeniedException.class)
                .expectNoEvents();
    }

    @Test
    void removingNonMemberIsRejected() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, ALICE))
                .when(new RemoveTeamMemberCommand(TEAM, BOB), as(ALICE))
                .expectException(TeamMembershipException.class)
                .expectExceptionMessage(containsString("not a member"))
                .expectNoEvents();
    }

    @Test
    void engineManagesTeamWithoutMembers() {
        fixture.given(new TeamCreatedEvent(TEAM, NAME, Caller.ENGINE))
                .when(new AddTeamMemberCommand(TEAM, ALICE, Role.OWNER), RequestContext.engine().toMetaData())
                .expectEvents(new TeamMemberAddedEvent(TEAM, ALICE, Role.OWNER));
    }

    @Test
    void engineCannotBecomeMember() {
        assertThatThrownBy(
                        () -> new AddTeamMemberCommand(TEAM, Caller.ENGINE, Role.OWNER))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("member");
    }

    @Test
    void eventsSurviveJacksonRoundTrip() {
        JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();
        List<Object> events = List.of(new TeamCreatedEvent(TEAM, NAME, ALICE),
                new TeamMemberAddedEvent(TEAM, CI_TOKEN, Role.DEPLOYER),
                new TeamMemberRoleChangedEvent(TEAM, BOB, Role.ADMIN), new TeamMemberRemovedEvent(TEAM, BOB),
                new ServerRegisteredEvent(ServerId.random(), "b", "tcp://192.0.2.30:2376", TEAM));

        for (Object event : events) {
            SerializedObject<byte[]> serialized = serializer.serialize(event, byte[].class);
            Object read = serializer.deserialize(serialized);

            assertThat(read).isEqualTo(event);
        }
    }

    private static Map<String, ?> as(Caller caller) {
        return MetaData.from(RequestContext.of(caller, "192.0.2.1").toMetaData());
    }
}
