package dev.slipway.graphql;

import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamView;
import dev.slipway.web.TeamGateway;
import graphql.GraphQLContext;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Resolves the queries and mutations of {@code teams.graphqls} through the {@link TeamGateway}. */
@Controller
class TeamGraphQlController {

    private final TeamGateway teams;

    TeamGraphQlController(TeamGateway teams) {
        this.teams = teams;
    }

    @QueryMapping
    List<TeamView> teams(GraphQLContext context) {
        return teams.findTeams(RequestContextInterceptor.requestContext(context));
    }

    @QueryMapping
    TeamView team(@Argument String teamId, GraphQLContext context) {
        return teams.findTeam(TeamId.of(teamId), RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    TeamView createTeam(@Argument String name, GraphQLContext context) {
        return teams.createTeam(name, RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    TeamView addTeamMember(@Argument String teamId, @Argument String member, @Argument String role,
                           GraphQLContext context) {
        return teams.addMember(TeamId.of(teamId), member, role, RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    TeamView changeTeamMemberRole(@Argument String teamId, @Argument String member, @Argument String role,
                                  GraphQLContext context) {
        return teams.changeRole(TeamId.of(teamId), member, role, RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    boolean removeTeamMember(@Argument String teamId, @Argument String member, GraphQLContext context) {
        teams.removeMember(TeamId.of(teamId), member, RequestContextInterceptor.requestContext(context));
        return true;
    }
}
