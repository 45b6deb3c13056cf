package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.access.Caller;
import dev.slipway.core.team.TeamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Team creation and member management under {@code /api/teams}, as owners, admins, viewers and outsiders. */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class TeamEndpointsTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;

    private final String owner = unique("owner");
    private final String member = unique("member");
    private final String outsider = unique("outsider");

    private String teamId;

    @BeforeEach
    void createTeam() throws Exception {
        MockHttpServletResponse created = send("POST", "/api/teams", owner,
                Map.of("name", "team " + UUID.randomUUID().toString().substring(0, 8)));
        assertThat(created.getStatus()).isEqualTo(201);
        JsonNode team = json.readTree(created.getContentAsString());
        teamId = team.path("id").asText();
        assertThat(roles(team)).containsExactly("user:" + owner + "=OWNER");
    }

    @Test
    void ownerAddsChangesAndRemovesMember() throws Exception {
        MockHttpServletResponse added = send("POST", membersPath(), owner,
                Map.of("member", "user:" + member, "role", "viewer"));
        assertThat(added.getStatus()).isEqualTo(201);
        assertThat(roles(json.readTree(added.getContentAsString()))).contains("user:" + member + "=VIEWER");

        JsonNode listed = json.readTree(send("GET", "/api/teams", member, null).getContentAsString());
        assertThat(ids(listed)).contains(teamId);

        MockHttpServletResponse changed = send("PUT", memberPath(member), owner, Map.of("role", "deployer"));
        assertThat(changed.getStatus()).isEqualTo(200);
        assertThat(roles(json.readTree(changed.getContentAsString()))).contains("user:" + member + "=DEPLOYER");

        assertThat(send("DELETE", memberPath(member), owner, null).getStatus()).isEqualTo(204);
        assertThat(send("GET", "/api/teams/" + teamId, member, null).getStatus()).isEqualTo(404);
        JsonNode team = json.readTree(send("GET", "/api/teams/" + teamId, owner, null).getContentAsString());
        assertThat(roles(team)).containsExactly("user:" + owner + "=OWNER");
    }

    @Test
    void otherTeamAnswersNotFound() throws Exception {
        String path = "/api/teams/" + teamId;
        assertThat(send("GET", path, outsider, null).getStatus()).isEqualTo(404);
        assertThat(send("POST", membersPath(), outsider, Map.of("member", "user:" + outsider, "role", "owner"))
                .getStatus()).isEqualTo(404);
        assertThat(send("PUT", memberPath(owner), outsider, Map.of("role", "viewer")).getStatus()).isEqualTo(404);
        assertThat(send("DELETE", memberPath(owner), outsider, null).getStatus()).isEqualTo(404);
        assertThat(send("GET", "/api/teams/" + TeamId.random(), outsider, null).getStatus()).isEqualTo(404);

        JsonNode listed = json.readTree(send("GET", "/api/teams", outsider, null).getContentAsString());
        assertThat(ids(listed)).doesNotContain(teamId);
        JsonNode team = json.readTree(send("GET", path, owner, null).getContentAsString());
        assertThat(roles(team)).containsExactly("user:" + owner + "=OWNER");
    }

    @Test
    void applicationCreatedInTeamIsTeamOnly() throws Exception {
        add(member, "viewer");

        String applicationId = createApplication();

        String path = "/api/applications/" + applicationId;
        assertThat(send("GET", path, member, null).getStatus()).isEqualTo(200);
        assertThat(send("GET", path, outsider, null).getStatus()).isEqualTo(404);
    }

    @Test
    void creationInOtherTeamIsRejected() throws Exception {
        add(member, "viewer");
        Map<String, Object> body = applicationBody(teamId);

        MockHttpServletResponse asOutsider = send("POST", "/api/applications", outsider, body);
        MockHttpServletResponse asViewer = send("POST", "/api/applications", member, body);
        MockHttpServletResponse unknownTeam = send("POST", "/api/applications", outsider,
                applicationBody(TeamId.random().toString()));
        MockHttpServletResponse invalidTeam = send("POST", "/api/applications", outsider, applicationBody("team-1"));

        assertThat(asOutsider.getStatus()).isEqualTo(404);
        assertThat(unknownTeam.getStatus()).isEqualTo(404);
        assertThat(asOutsider.getContentAsString()).contains("Team '" + teamId + "' not found");
        assertThat(asViewer.getStatus()).isEqualTo(403);
        assertThat(invalidTeam.getStatus()).isEqualTo(400);
        assertThat(invalidTeam.getContentAsString()).contains("teamId").contains("must be a UUID");
        JsonNode listed = json.readTree(send("GET", "/api/applications", owner, null).getContentAsString());
        assertThat(listed.findValuesAsText("name")).doesNotContain((String) body.get("name"));
    }

    @Test
    void personalTeamIsListedAndFound() throws Exception {
        String personal = TeamId.personalOf(Caller.user(owner)).toString();

        JsonNode listed = json.readTree(send("GET", "/api/teams", owner, null).getContentAsString());
        MockHttpServletResponse found = send("GET", "/api/teams/" + personal, owner, null);
        MockHttpServletResponse ofOther = send("GET", "/api/teams/" + personal, outsider, null);
        MockHttpServletResponse shared = send("POST", "/api/teams/" + personal + "/members", owner,
                Map.of("member", "user:" + member, "role", "viewer"));

        assertThat(ids(listed)).startsWith(personal).contains(teamId);
        assertThat(listed.findValues("personal")).extracting(JsonNode::asBoolean).containsOnlyOnce(true);
        assertThat(found.getStatus()).isEqualTo(200);
        JsonNode team = json.readTree(found.getContentAsString());
        assertThat(team.path("name").asText()).isEqualTo("personal");
        assertThat(roles(team)).containsExactly("user:" + owner + "=OWNER");
        assertThat(ofOther.getStatus()).isEqualTo(404);
        assertThat(shared.getStatus()).isEqualTo(409);
        assertThat(shared.getContentAsString()).contains("personal team of 'user:" + owner + "'");
    }

    @Test
    void viewerCannotChangeMembers() throws Exception {
        add(member, "viewer");

        MockHttpServletResponse denied = send("POST", membersPath(), member,
                Map.of("member", "user:" + outsider, "role", "viewer"));

        assertThat(denied.getStatus()).isEqualTo(403);
        assertThat(denied.getContentAsString()).contains("ADMIN is required");
    }

    @Test
    void adminManagesMembersButNoOwners() throws Exception {
        add(member, "admin");

        assertThat(send("POST", membersPath(), member, Map.of("member", "user:" + outsider, "role", "deployer"))
                .getStatus()).isEqualTo(201);
        assertThat(send("PUT", memberPath(outsider), member, Map.of("role", "owner")).getStatus()).isEqualTo(403);
        assertThat(send("DELETE", memberPath(owner), member, null).getStatus()).isEqualTo(403);
        assertThat(send("DELETE", memberPath(outsider), member, null).getStatus()).isEqualTo(204);
    }

    @Test
    void roleChangeAppliesToNextRequest() throws Exception {
        add(member, "viewer");
        String applicationId = createApplication();
        String variable = "/api/applications/" + applicationId + "/environment/GREETING";

        int asViewer = send("PUT", variable, member, Map.of("value", "hello")).getStatus();
        assertThat(send("PUT", memberPath(member), owner, Map.of("role", "admin")).getStatus()).isEqualTo(200);
        int asAdmin = send("PUT", variable, member, Map.of("value", "hello")).getStatus();
        assertThat(send("DELETE", memberPath(member), owner, null).getStatus()).isEqualTo(204);
        int asOutsider = send("PUT", variable, member, Map.of("value", "hello again")).getStatus();

        assertThat(asViewer).isEqualTo(403);
        assertThat(asAdmin).isEqualTo(200);
        assertThat(asOutsider).isEqualTo(404);
    }

    @Test
    void invalidRoleAndMemberAreRejected() throws Exception {
        MockHttpServletResponse role = send("POST", membersPath(), owner,
                Map.of("member", "user:" + member, "role", "superuser"));
        MockHttpServletResponse caller = send("POST", membersPath(), owner,
                Map.of("member", member, "role", "viewer"));

        assertThat(role.getStatus()).isEqualTo(400);
        assertThat(json.readTree(role.getContentAsString()).path("field").asText()).isEqualTo("role");
        assertThat(caller.getStatus()).isEqualTo(400);
        assertThat(json.readTree(caller.getContentAsString()).path("field").asText()).isEqualTo("member");
        JsonNode team = json.readTree(send("GET", "/api/teams/" + teamId, owner, null).getContentAsString());
        assertThat(roles(team)).containsExactly("user:" + owner + "=OWNER");
    }

    private void add(String user, String role) throws Exception {
        MockHttpServletResponse added = send("POST", membersPath(), owner, Map.of("member", "user:" + user,
                "role", role));
        assertThat(added.getStatus()).as("adding %s as %s", user, role).isEqualTo(201);
    }

    /** Creates an application of the team as its owner over REST, and returns its id. */
    private String createApplication() throws Exception {
        MockHttpServletResponse created = send("POST", "/api/applications", owner, applicationBody(teamId));
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        JsonNode application = json.readTree(created.getContentAsString());
        assertThat(application.path("teamId").asText()).isEqualTo(teamId);
        return application.path("id").asText();
    }

    private static Map<String, Object> applicationBody(String team) {
        return Map.of("name", RestApi.uniqueName(), "repositoryUrl", "https://git.example.test/o/r.git", "ref", "main",
                "containerPort", 8080, "teamId", team);
    }

    private String membersPath() {
        return "/api/teams/" + teamId + "/members";
    }

    private String memberPath(String user) {
        return membersPath() + "/user:" + user;
    }

    private MockHttpServletResponse send(String method, String path, String user, Object body) throws Exception {
        var request = MockMvcRequestBuilders.request(method, java.net.URI.create(path))
                .header("X-Slipway-User", user);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private static List<String> roles(JsonNode team) {
        List<String> roles = new ArrayList<>();
        team.path("members").forEach(entry -> roles.add(entry.path("caller").asText() + "="
                + entry.path("role").asText()));
        return roles;
    }

    private static List<String> ids(JsonNode teams) {
        List<String> ids = new ArrayList<>();
        teams.forEach(team -> ids.add(team.path("id").asText()));
        return ids;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
