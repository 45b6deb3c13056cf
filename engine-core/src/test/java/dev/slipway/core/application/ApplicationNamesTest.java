package dev.slipway.core.application;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
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

        assertThatThrownBy(() -> names.claim(NAME, ApplicationId.random()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be unique");
    }

    @Test
    void deletedApplicationReleasesName() {
        ApplicationId deleted = ApplicationId.random();
        create(deleted);

        projection.on(new ApplicationDeletedEvent(deleted));

        assertThatCode(() -> names.claim(NAME, ApplicationId.random())).doesNotThrowAnyException();
    }

    @Test
    void rebuildKeepsDeletedNameReleased() {
        ApplicationId deleted = ApplicationId.random();
        create(deleted);
        projection.on(new ApplicationDeletedEvent(deleted));

        projection.reset();
        create(deleted);
        projection.on(new ApplicationDeletedEvent(deleted));

        assertThatCode(() -> names.claim(NAME, ApplicationId.random())).doesNotThrowAnyException();
    }

    @Test
    void repeatedDeletionKeepsNewOwner() {
        ApplicationId deleted = ApplicationId.random();
        create(deleted);
        projection.on(new ApplicationDeletedEvent(deleted));
        create(ApplicationId.random());

        projection.on(new ApplicationDeletedEvent(deleted));

        assertThatThrownBy(() -> names.claim(NAME, ApplicationId.random()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be unique");
    }

    private void create(ApplicationId application) {
        names.claim(NAME, application);
        projection.on(new ApplicationCreatedEvent(application, NAME, SOURCE, RUNTIME, ServerId.LOCAL), 0,
                Instant.now(), MetaData.emptyInstance());
    }
}
