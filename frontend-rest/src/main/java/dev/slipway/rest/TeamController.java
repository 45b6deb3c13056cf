package dev.slipway.rest;

import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamView;
import dev.slipway.web.RequestContextResolver;
import dev.slipway.web.TeamGateway;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates teams and manages their members under {@code /api/teams}. A member is named by its caller text, such as
 * {@code user:alice} or {@code token:3f2a9c1d0b7e4a65}, and has one role: owner, admin, deployer or viewer. Owners
 * and admins of a team change its members, but only owners make or change owners. A team the caller may not see
 * returns 404.
 */
@RestController
class TeamController {

    private final TeamGateway teams;
    private final RequestContextResolver contexts;

    TeamController(TeamGateway teams, RequestContextResolver contexts) {
        this.teams = teams;
        this.contexts = contexts;
    }

    /** Body of a team creation. */
    record TeamRequest(String name) {
    }

    /** Body of a new member. */
    record MemberRequest(String member, String role) {
    }

    /** Body of a role change. */
    record RoleRequest(String role) {
    }

    @PostMapping("/api/teams")
    ResponseEntity<TeamView> create(@RequestBody TeamRequest body, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(teams.createTeam(body.name(), contexts.resolve(request)));
    }

    @GetMapping("/api/teams")
    List<TeamView> list(HttpServletRequest request) {
        return teams.findTeams(contexts.resolve(request));
    }

    @GetMapping("/api/teams/{teamId}")
    TeamView find(@PathVariable String teamId, HttpServletRequest request) {
        return teams.findTeam(TeamId.of(teamId), contexts.resolve(request));
    }

    @PostMapping("/api/teams/{teamId}/members")
    ResponseEntity<TeamView> addMember(@PathVariable String teamId, @RequestBody MemberRequest body,
                                       HttpServletRequest request) {
        TeamView team = teams.addMember(TeamId.of(teamId), body.member(), body.role(), contexts.resolve(request));
        return ResponseEntity.status(HttpStatus.CREATED).body(team);
    }

    @PutMapping("/api/teams/{teamId}/members/{member}")
    TeamView changeRole(@PathVariable String teamId, @PathVariable String member, @RequestBody RoleRequest body,
                        HttpServletRequest request) {
        return teams.changeRole(TeamId.of(teamId), member, body.role(), contexts.resolve(request));
    }

    @DeleteMapping("/api/teams/{teamId}/members/{member}")
    ResponseEntity<Void> removeMember(@PathVariable String teamId, @PathVariable String member,
                                      HttpServletRequest request) {
        teams.removeMember(TeamId.of(teamId), member, contexts.resolve(request));
        return ResponseEntity.noContent().build();
    }
}
