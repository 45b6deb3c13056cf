package dev.slipway.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configured default team, as the quickstart uses it while users are named by a request header. */
class SharedDefaultTeamTest {

    private static final RequestContext ANONYMOUS = AccessTestEngine.context(Caller.user("anonymous"), null);

    @TempDir
    Path workDirectory;

    private AccessTestEngine teams;

    @BeforeEach
    void startEngine() {
        teams = new AccessTestEngine(workDirectory, new AccessSettings("shared", Role.ADMIN));
    }

    @AfterEach
    void closeEngine() {
        teams.close();
    }

    @Test
    void applicationWithoutTeamGoesToDefaultTeam() {
        ApplicationId application = teams.createApplication(AccessTestEngine.ALICE, null, "web");

        ApplicationView view = teams.engine.findApplication(ANONYMOUS, application).orElseThrow();

        assertThat(view.teamId()).isEqualTo(TeamId.ofConfiguredName("shared").toString());
        assertThat(teams.engine.findTeams(ANONYMOUS)).extracting(team -> team.name())
                .containsExactly("personal", "shared");
    }

    @Test
    void everyCallerDeploysInDefaultTeam() {
        ApplicationId application = teams.createApplication(AccessTestEngine.ALICE, null, "web");

        DeploymentView deployment = teams.deployAndAwaitEnd(AccessTestEngine.BOB, application);

        assertThat(deployment.requestedBy()).isEqualTo("user:bob");
    }

    @Test
    void ownTeamStaysHiddenFromDefaultTeamCallers() {
        TeamId own = teams.engine.createTeam(AccessTestEngine.ALICE, new TeamName("private"));
        ApplicationId application = teams.createApplication(AccessTestEngine.ALICE, own, "secret-web");

        assertThat(teams.engine.findApplication(AccessTestEngine.BOB, application)).isEmpty();
        assertThat(teams.engine.findApplications(AccessTestEngine.BOB)).isEmpty();
        assertThatThrownBy(() -> teams.engine.requestDeployment(AccessTestEngine.BOB, application, null))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void defaultTeamIsCreatedOnce() {
        TeamId shared = TeamId.ofConfiguredName("shared");

        assertThat(teams.eventsOf(shared)).hasSize(1);
    }
}
