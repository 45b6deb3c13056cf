package dev.slipway.core.application;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.team.TeamId;
import java.time.Instant;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplicationNamesTest {

    private static final ApplicationName NAME = new ApplicationName("web");
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            new GitRef("main"), null, null);
    private static final RuntimeSpec RUNTIME = new RuntimeSpec(8080, null, null);

    private ApplicationNames names;
    private ApplicationProjection projection;

    @BeforeEach
    void setUp() {
        names = new ApplicationNames();
        projection = new ApplicationProjection(names);
    }

    @Test
    void nameOfLiveApplicationStaysTaken() {
        create(ApplicationId.random());

        assertThatThrownBy(() -> names.claim(null, NAME, ApplicationId.random()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be unique");
    }

    @Test
    void deletedApplicationReleasesName() {
        ApplicationId deleted = ApplicationId.random();
        create(deleted);

        projection.on(new ApplicationDeletedEvent(deleted));

        assertThatCode(() -> names.claim(null, NAME, ApplicationId.random())).doesNotThrowAnyException();
    }

    @Test
    void rebuildKeepsDeletedNameReleased() {
        ApplicationId deleted = ApplicationId.random();
        create(deleted);
        projection.on(new ApplicationDeletedEvent(deleted));

        projection.reset();
        create(deleted);
        projection.on(new ApplicationDeletedEvent(deleted));

        assertThatCode(() -> names.claim(null, NAME, ApplicationId.random())).doesNotThrowAnyException();
    }

    @Test
    void repeatedDeletionKeepsNewOwner() {
        ApplicationId deleted = ApplicationId.random();
        create(deleted);
        projection.on(new ApplicationDeletedEvent(deleted));
        create(ApplicationId.random());

        projection.on(new ApplicationDeletedEvent(deleted));

        assertThatThrownBy(() -> names.claim(null, NAME, ApplicationId.random()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be unique");
    }

    @Test
    void nameTakenInOtherTeamAccepted() {
        TeamId first = TeamId.random();
        createInTeam(first, ApplicationId.random());

        assertThatCode(() -> names.claim(TeamId.random(), NAME, ApplicationId.random()))
                .doesNotThrowAnyException();
        assertThatCode(() -> names.claim(null, NAME, ApplicationId.random())).doesNotThrowAnyException();
        assertThatThrownBy(() -> names.claim(first, NAME, ApplicationId.random()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be unique within the team");
    }

    @Test
    void deletionReleasesNameInItsTeamOnly() {
        TeamId first = TeamId.random();
        TeamId second = TeamId.random();
        ApplicationId deleted = ApplicationId.random();
        createInTeam(first, deleted);
        createInTeam(second, ApplicationId.random());

        projection.on(new ApplicationDeletedEvent(deleted));

        assertThatCode(() -> names.claim(first, NAME, ApplicationId.random())).doesNotThrowAnyException();
        assertThatThrownBy(() -> names.claim(second, NAME, ApplicationId.random()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rebuildKeepsNamesPerTeam() {
        TeamId first = TeamId.random();
        createInTeam(first, ApplicationId.random());
        projection.reset();

        projection.on(new ApplicationCreatedEvent(ApplicationId.random(), NAME, SOURCE, RUNTIME, ServerId.LOCAL,
                first), 0, Instant.now(), MetaData.emptyInstance());

        assertThatThrownBy(() -> names.claim(first, NAME, ApplicationId.random()))
                .isInstanceOf(InvalidInputException.class);
        assertThatCode(() -> names.claim(TeamId.random(), NAME, ApplicationId.random()))
                .doesNotThrowAnyException();
    }

    private void createInTeam(TeamId team, ApplicationId application) {
        names.claim(team, NAME, application);
        projection.on(new ApplicationCreatedEvent(application, NAME, SOURCE, RUNTIME, ServerId.LOCAL, team), 0,
                Instant.now(), MetaData.emptyInstance());
    }

    private void create(ApplicationId application) {
        names.claim(null, NAME, application);
        projection.on(new ApplicationCreatedEvent(application, NAME, SOURCE, RUNTIME, ServerId.LOCAL), 0,
                Instant.now(), MetaData.emptyInstance());
    }
}
