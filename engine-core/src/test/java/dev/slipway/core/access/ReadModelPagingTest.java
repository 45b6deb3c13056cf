package dev.slipway.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationPage;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.deployment.DeploymentPage;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages of applications and deployments read through the engine's query bus, as callers of two teams, against the
 * in-memory read models that every engine keeps.
 */
class ReadModelPagingTest {

    @TempDir
    Path workDirectory;

    private AccessTestEngine teams;
    private TeamId teamA;
    private TeamId teamB;

    @BeforeEach
    void setUpTwoTeams() {
        teams = new AccessTestEngine(workDirectory, AccessSettings.PERSONAL_TEAMS);
        teamA = teams.engine.createTeam(AccessTestEngine.ALICE, new TeamName("team-a"));
        teamB = teams.engine.createTeam(AccessTestEngine.BOB, new TeamName("team-b"));
    }

    @AfterEach
    void closeEngine() {
        teams.close();
    }

    @Test
    void applicationPagesCoverEachOnceInOrder() {
        for (int i = 0; i < 7; i++) {
            teams.createApplication(AccessTestEngine.ALICE, teamA, "web-" + i);
        }
        List<String> expected = teams.engine.findApplications(AccessTestEngine.ALICE).stream()
                .map(ApplicationView::id)
                .toList();

        List<ApplicationPage> pages = applicationPages(AccessTestEngine.ALICE, 3);

        assertThat(expected).hasSize(7);
        assertThat(pages).extracting(page -> page.entries().size()).containsExactly(3, 3, 1);
        assertThat(pages).extracting(ApplicationPage::hasNextPage).containsExactly(true, true, false);
        assertThat(idsOfApplications(pages)).containsExactlyElementsOf(expected);
        ApplicationPage last = pages.get(pages.size() - 1);
        assertThat(last.endCursor()).isEqualTo(last.entries().get(0).cursor());
    }

    @Test
    void applicationPageSkipsOtherTeamBeforeCounting() {
        for (int i = 0; i < 3; i++) {
            teams.createApplication(AccessTestEngine.ALICE, teamA, "web-a" + i);
            teams.createApplication(AccessTestEngine.BOB, teamB, "web-b" + i);
        }

        List<ApplicationPage> pages = applicationPages(AccessTestEngine.ALICE, 2);

        assertThat(pages).extracting(page -> page.entries().size()).containsExactly(2, 1);
        assertThat(pages).flatExtracting(ApplicationPage::applications)
                .extracting(ApplicationView::teamId)
                .containsOnly(teamA.toString());
    }

    @Test
    void newDeploymentKeepsPagesStable() throws InterruptedException {
        ApplicationId application = teams.createApplication(AccessTestEngine.ALICE, teamA, "web");
        for (int i = 0; i < 5; i++) {
            teams.deployAndAwaitEnd(AccessTestEngine.ALICE, application);
        }
        List<String> before = teams.engine.findDeployments(application).stream().map(DeploymentView::id).toList();

        DeploymentPage first = teams.engine.findDeploymentPage(AccessTestEngine.ALICE, application, null, 2);
        // Entries of one millisecond are ordered by id, so a pause makes the added deployment the newest.
        Thread.sleep(5);
        String added = teams.deployAndAwaitEnd(AccessTestEngine.ALICE, application).id();
        DeploymentPage second = teams.engine.findDeploymentPage(AccessTestEngine.ALICE, application,
                first.endCursor(), 2);
        DeploymentPage third = teams.engine.findDeploymentPage(AccessTestEngine.ALICE, application,
                second.endCursor(), 2);
        DeploymentPage fresh = teams.engine.findDeploymentPage(AccessTestEngine.ALICE, application, null, 2);

        List<String> paged = new ArrayList<>();
        for (DeploymentPage page : List.of(first, second, third)) {
            page.deployments().forEach(deployment -> paged.add(deployment.id()));
        }
        assertThat(before).hasSize(5);
        assertThat(paged).containsExactlyElementsOf(before);
        assertThat(paged).doesNotContain(added);
        assertThat(second.hasNextPage()).isTrue();
        assertThat(third.hasNextPage()).isFalse();
        assertThat(fresh.deployments().get(0).id()).isEqualTo(added);
    }

    @Test
    void deploymentPageOfAllApplicationsKeepsTeam() {
        ApplicationId ofAlice = teams.createApplication(AccessTestEngine.ALICE, teamA, "web-a");
        ApplicationId ofBob = teams.createApplication(AccessTestEngine.BOB, teamB, "web-b");
        String deploymentOfAlice = teams.deployAndAwaitEnd(AccessTestEngine.ALICE, ofAlice).id();
        teams.deployAndAwaitEnd(AccessTestEngine.BOB, ofBob);

        DeploymentPage page = teams.engine.findDeploymentPage(AccessTestEngine.ALICE, null, null, 10);

        assertThat(page.deployments()).extracting(DeploymentView::id).containsExactly(deploymentOfAlice);
        assertThat(page.hasNextPage()).isFalse();
    }

    @Test
    void deploymentPageOfOtherTeamIsEmpty() {
        ApplicationId application = teams.createApplication(AccessTestEngine.ALICE, teamA, "web");
        teams.deployAndAwaitEnd(AccessTestEngine.ALICE, application);
        teams.deployAndAwaitEnd(AccessTestEngine.ALICE, application);
        DeploymentPage ofAlice = teams.engine.findDeploymentPage(AccessTestEngine.ALICE, application, null, 1);

        DeploymentPage ofBob = teams.engine.findDeploymentPage(AccessTestEngine.BOB, application, null, 10);
        DeploymentPage ofBobAfterCursor = teams.engine.findDeploymentPage(AccessTestEngine.BOB, application,
                ofAlice.endCursor(), 10);

        assertThat(ofAlice.deployments()).hasSize(1);
        assertThat(ofBob).isEqualTo(DeploymentPage.EMPTY);
        assertThat(ofBobAfterCursor).isEqualTo(DeploymentPage.EMPTY);
    }

    @Test
    void otherTeamCursorHidesTeamEntries() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            teams.createApplication(AccessTestEngine.ALICE, teamA, "web-a" + i);
        }
        // Entries of one millisecond are ordered by id, so pauses keep Bob's application between Alice's.
        Thread.sleep(5);
        ApplicationId ofBob = teams.createApplication(AccessTestEngine.BOB, teamB, "web-b");
        Thread.sleep(5);
        for (int i = 3; i < 6; i++) {
            teams.createApplication(AccessTestEngine.ALICE, teamA, "web-a" + i);
        }
        ApplicationPage ofAlice = teams.engine.findApplicationPage(AccessTestEngine.ALICE, null, 2);

        ApplicationPage ofBobAfterCursor = teams.engine.findApplicationPage(AccessTestEngine.BOB,
                ofAlice.endCursor(), 10);

        assertThat(ofBobAfterCursor.applications()).extracting(ApplicationView::id)
                .containsExactly(ofBob.toString());
        assertThat(ofBobAfterCursor.hasNextPage()).isFalse();
    }

    @Test
    void pageSizeOutOfRangeNamesFirst() {
        for (int first : new int[] {0, -1, 1001}) {
            assertThatThrownBy(() -> teams.engine.findApplicationPage(AccessTestEngine.ALICE, null, first))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo("first");
                        assertThat(e.rule()).isEqualTo("must be from 1 to 1000");
                    });
            assertThatThrownBy(() -> teams.engine.findDeploymentPage(AccessTestEngine.ALICE, null, null, first))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("first"));
        }
    }

    @Test
    void malformedCursorNamesAfter() {
        ApplicationId application = teams.createApplication(AccessTestEngine.ALICE, teamA, "web");
        String applicationCursor = teams.engine.findApplicationPage(AccessTestEngine.ALICE, null, 1).endCursor();

        for (String cursor : List.of("not a cursor", "bm8tc2VwYXJhdG9y", applicationCursor)) {
            assertThatThrownBy(() -> teams.engine.findDeploymentPage(AccessTestEngine.ALICE, application, cursor, 10))
                    .as("cursor %s", cursor)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo("after");
                        assertThat(e.rule()).isEqualTo("must be a cursor returned by an earlier page");
                    });
        }
    }

    @Test
    void deletedApplicationAtCursorKeepsNextPage() {
        for (int i = 0; i < 4; i++) {
            teams.createApplication(AccessTestEngine.ALICE, teamA, "web-" + i);
        }
        List<String> expected = teams.engine.findApplications(AccessTestEngine.ALICE).stream()
                .map(ApplicationView::id)
                .toList();
        ApplicationPage first = teams.engine.findApplicationPage(AccessTestEngine.ALICE, null, 2);

        teams.engine.deleteApplication(AccessTestEngine.ALICE, ApplicationId.of(expected.get(1)));
        ApplicationPage second = teams.engine.findApplicationPage(AccessTestEngine.ALICE, first.endCursor(), 2);

        assertThat(second.applications()).extracting(ApplicationView::id)
                .containsExactlyElementsOf(expected.subList(2, 4));
        assertThat(second.hasNextPage()).isFalse();
    }

    /** Reads every page of the caller's applications, following each page's end cursor. */
    private List<ApplicationPage> applicationPages(RequestContext caller, int first) {
        List<ApplicationPage> pages = new ArrayList<>();
        ApplicationPage page = teams.engine.findApplicationPage(caller, null, first);
        pages.add(page);
        while (page.hasNextPage()) {
            page = teams.engine.findApplicationPage(caller, page.endCursor(), first);
            pages.add(page);
        }
        return pages;
    }

    private static List<String> idsOfApplications(List<ApplicationPage> pages) {
        return pages.stream().flatMap(page -> page.applications().stream()).map(ApplicationView::id).toList();
    }
}
