package dev.slipway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.team.TeamId;
import java.time.Instant;
import java.util.List;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplicationNamesTest {

    private static final ApplicationName NAME = new ApplicationName("web");
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            new GitRef("main"), null, null);
    private static final RuntimeSpec RUNTIME = new RuntimeSpec(8080, null, null);
    private static final DomainName SHOP = new DomainName("shop.example.test");

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

    @Test
    void domainsNeedProxy() {
        assertThatThrownBy(() -> names.claimDomains(List.of(SHOP), ApplicationId.random()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("domains");
                    assertThat(e.rule()).contains("slipway.proxy.enabled=true");
                });
    }

    @Test
    void domainTakenInOtherTeamRejected() {
        names.routeDomains(true);
        ApplicationId owner = ApplicationId.random();
        createWithDomains(TeamId.random(), owner, List.of(SHOP));

        assertThatThrownBy(() -> names.claimDomains(List.of(new DomainName("api.example.test"), SHOP),
                ApplicationId.random()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("domains");
                    assertThat(e.rejectedValue()).isEqualTo("shop.example.test");
                });
        // The rejected claim took none of its domains.
        assertThatCode(() -> names.claimDomains(List.of(new DomainName("api.example.test")), ApplicationId.random()))
                .doesNotThrowAnyException();
    }

    @Test
    void deletedApplicationReleasesDomains() {
        names.routeDomains(true);
        ApplicationId deleted = ApplicationId.random();
        createWithDomains(null, deleted, List.of(SHOP));

        projection.on(new ApplicationDeletedEvent(deleted));

        assertThatCode(() -> names.claimDomains(List.of(SHOP), ApplicationId.random())).doesNotThrowAnyException();
    }

    @Test
    void rebuildRecordsDomains() {
        names.routeDomains(true);
        createWithDomains(null, ApplicationId.random(), List.of(SHOP));
        projection.reset();

        projection.on(new ApplicationCreatedEvent(ApplicationId.random(), NAME, SOURCE, runtimeWith(List.of(SHOP)),
                ServerId.LOCAL, null), 0, Instant.now(), MetaData.emptyInstance());

        assertThatThrownBy(() -> names.claimDomains(List.of(SHOP), ApplicationId.random()))
                .isInstanceOf(InvalidInputException.class);
    }

    private static RuntimeSpec runtimeWith(List<DomainName> domains) {
        return new RuntimeSpec(8080, null, null, null, null, null, null, false, null, domains);
    }

    private void createWithDomains(TeamId team, ApplicationId application, List<DomainName> domains) {
        names.claim(team, NAME, application);
        names.claimDomains(domains, application);
        projection.on(new ApplicationCreatedEvent(application, NAME, SOURCE, runtimeWith(domains), ServerId.LOCAL,
                team), 0, Instant.now(), MetaData.emptyInstance());
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
