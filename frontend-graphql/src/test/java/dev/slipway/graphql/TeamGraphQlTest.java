package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.access.Caller;
import dev.slipway.core.team.TeamId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** The team queries and mutations, as the owner, a member and an outsider. */
@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class TeamGraphQlTest {

    private static final String CREATE = """
            mutation C($name: String!) { createTeam(name: $name) { id name members { caller role } } }""";
    private static final String ADD = """
            mutation A($id: ID!, $member: String!, $role: TeamRole!) {
                addTeamMember(teamId: $id, member: $member, role: $role) { members { caller role } }
            }""";
    private static final String CHANGE = """
            mutation R($id: ID!, $member: String!, $role: TeamRole!) {
                changeTeamMemberRole(teamId: $id, member: $member, role: $role) { members { caller role } }
            }""";
    private static final String REMOVE = """
            mutation D($id: ID!, $member: String!) { removeTeamMember(teamId: $id, member: $member) }""";
    private static final String TEAM = """
            query T($id: ID!) { team(teamId: $id) { id members { caller role } } }""";
    private static final String TEAMS = "{ teams { id } }";
    private static final String CREATE_APPLICATION = """
            mutation N($name: String!, $team: ID) {
                createApplication(input: {name: $name, repositoryUrl: "https://git.example.test/o/r.git", ref: "main",
                    containerPort: 8080, teamId: $team}) { id teamId }
            }""";
    private static final String APPLICATION = """
            query Q($id: ID!) { application(id: $id) { id teamId } }""";

    @Autowired
    private HttpGraphQlTester graphQl;

    private final String owner = unique("owner");
    private final String member = unique("member");
    private final String outsider = unique("outsider");

    @Test
    void ownerManagesMembers() {
        String teamId = createTeam();

        as(owner).document(ADD).variable("id", teamId).variable("member", "user:" + member).variable("role", "VIEWER")
                .execute().path("addTeamMember.members[*].caller").entityList(String.class)
                .contains("user:" + member);
        as(member).document(TEAMS).execute().path("teams[*].id").entityList(String.class).contains(teamId);
        as(owner).document(CHANGE).variable("id", teamId).variable("member", "user:" + member)
                .variable("role", "DEPLOYER").execute().path("changeTeamMemberRole.members").entityList(Map.class)
                .contains(Map.of("caller", "user:" + member, "role", "DEPLOYER"));
        as(owner).document(REMOVE).variable("id", teamId).variable("member", "user:" + member).execute()
                .path("removeTeamMember").entity(Boolean.class).isEqualTo(true);

        as(member).document(TEAM).variable("id", teamId).execute().errors()
                .satisfy(errors -> assertThat(classifications(errors)).containsExactly("NOT_FOUND"));
    }

    @Test
    void otherTeamAnswersNotFound() {
        String teamId = createTeam();

        as(outsider).document(TEAM).variable("id", teamId).execute().errors()
                .satisfy(errors -> assertThat(classifications(errors)).containsExactly("NOT_FOUND"));
        as(outsider).document(ADD).variable("id", teamId).variable("member", "user:" + outsider)
                .variable("role", "OWNER").execute().errors()
                .satisfy(errors -> assertThat(classifications(errors)).containsExactly("NOT_FOUND"));
        as(outsider).document(TEAMS).execute().path("teams[*].id").entityList(String.class).doesNotContain(teamId);
        as(owner).document(TEAM).variable("id", teamId).execute().path("team.members[*].caller")
                .entityList(String.class).containsExactly("user:" + owner);
    }

    @Test
    void missingTeamKeepsOtherFields() {
        String teamId = createTeam();

        as(outsider).document("query T($id: ID!) { teams { id } team(teamId: $id) { id } }").variable("id", teamId)
                .execute()
                .errors().satisfy(errors -> assertThat(classifications(errors)).containsExactly("NOT_FOUND"))
                .path("teams[*].id").entityList(String.class).doesNotContain(teamId).hasSizeGreaterThan(0)
                .path("team").valueIsNull();
    }

    @Test
    void personalTeamIsListedFirst() {
        String teamId = createTeam();
        String personal = TeamId.personalOf(Caller.user(owner)).toString();

        as(owner).document("{ teams { id personal } }").execute()
                .path("teams[0].id").entity(String.class).isEqualTo(personal)
                .path("teams[0].personal").entity(Boolean.class).isEqualTo(true)
                .path("teams[*].id").entityList(String.class).contains(teamId);
        as(owner).document("query T($id: ID!) { team(teamId: $id) { name personal members { caller role } } }")
                .variable("id", personal).execute()
                .path("team.name").entity(String.class).isEqualTo("personal")
                .path("team.members").entityList(Map.class)
                .containsExactly(Map.of("caller", "user:" + owner, "role", "OWNER"));
        as(owner).document(ADD).variable("id", personal).variable("member", "user:" + member)
                .variable("role", "VIEWER").execute().errors()
                .satisfy(errors -> assertThat(classifications(errors)).containsExactly("CONFLICT"));
        as(outsider).document(TEAM).variable("id", personal).execute().errors()
                .satisfy(errors -> assertThat(classifications(errors)).containsExactly("NOT_FOUND"));
    }

    @Test
    void viewerGetsForbidden() {
        String teamId = createTeam();
        as(owner).document(ADD).variable("id", teamId).variable("member", "user:" + member).variable("role", "VIEWER")
                .execute().path("addTeamMember").hasValue();

        as(member).document(ADD).variable("id", teamId).variable("member", "user:" + outsider)
                .variable("role", "VIEWER").execute().errors()
                .satisfy(errors -> assertThat(classifications(errors)).containsExactly("FORBIDDEN"));
    }

    @Test
    void applicationCreatedInTeamIsTeamOnly() {
        String teamId = createTeam();
        as(owner).document(ADD).variable("id", teamId).variable("member", "user:" + member).variable("role", "VIEWER")
                .execute().path("addTeamMember").hasValue();

        String applicationId = as(owner).document(CREATE_APPLICATION).variable("name", unique("app"))
                .variable("team", teamId).execute().path("createApplication.id").entity(String.class).get();

        as(member).document(APPLICATION).variable("id", applicationId).execute().path("application.teamId")
                .entity(String.class).isEqualTo(teamId);
        as(outsider).document(APPLICATION).variable("id", applicationId).execute().errors()
                .satisfy(errors -> assertThat(classifications(errors)).containsExactly("NOT_FOUND"));
    }

    @Test
    void creationInOtherTeamIsRejected() {
        String teamId = createTeam();

        as(outsider).document(CREATE_APPLICATION).variable("name", unique("app")).variable("team", teamId).execute()
                .errors().satisfy(errors -> assertThat(classifications(errors)).containsExactly("NOT_FOUND"));
        as(outsider).document(CREATE_APPLICATION).variable("name", unique("app")).variable("team", "team-1")
                .execute().errors().satisfy(errors -> {
                    assertThat(classifications(errors)).containsExactly("BAD_USER_INPUT");
                    assertThat(errors.get(0).getMessage()).contains("teamId").contains("must be a UUID");
                });
    }

    private String createTeam() {
        return as(owner).document(CREATE).variable("name", "team " + UUID.randomUUID().toString().substring(0, 8))
                .execute().path("createTeam.id").entity(String.class).get();
    }

    private HttpGraphQlTester as(String user) {
        return graphQl.mutate().header("X-Slipway-User", user).build();
    }

    private static List<String> classifications(List<ResponseError> errors) {
        return errors.stream().map(error -> error.getErrorType().toString()).toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
