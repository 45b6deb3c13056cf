package dev.slipway.core.team;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.readmodel.ReadModel;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Read model of teams and their members. The engine reads it at every command and query to find the caller's role,
 * so a change of members applies to the next request. Handles {@link FindTeamQuery} and {@link FindTeamsQuery};
 * the authorization interceptor removes the teams a caller may not see from the results.
 */
public final class TeamProjection implements ReadModel {

    /** The name shown for every caller's personal team. */
    public static final String PERSONAL_TEAM_NAME = "personal";

    private final Map<TeamId, Entry> teams = new ConcurrentHashMap<>();

    @EventHandler
    void on(TeamCreatedEvent event) {
        Map<Caller, Role> members = new HashMap<>();
        if (event.owner().kind() != Caller.Kind.ENGINE) {
            members.put(event.owner(), Role.OWNER);
        }
        teams.putIfAbsent(event.teamId(), new Entry(event.name(), Map.copyOf(members)));
    }

    @EventHandler
    void on(TeamMemberAddedEvent event) {
        withMember(event.teamId(), event.member(), event.role());
    }

    @EventHandler
    void on(TeamMemberRoleChangedEvent event) {
        withMember(event.teamId(), event.member(), event.role());
    }

    @EventHandler
    void on(TeamMemberRemovedEvent event) {
        teams.computeIfPresent(event.teamId(), (id, entry) -> {
            Map<Caller, Role> members = new HashMap<>(entry.members());
            members.remove(event.member());
            return new Entry(entry.name(), Map.copyOf(members));
        });
    }

    /** Returns whether the team exists. */
    public boolean exists(TeamId teamId) {
        return teams.containsKey(teamId);
    }

    /** Returns the role of {@code caller} in the team, or empty when it is no member or the team does not exist. */
    public Optional<Role> roleOf(TeamId teamId, Caller caller) {
        Entry entry = teams.get(teamId);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.members().get(caller));
    }

    /** Returns the teams of which {@code member} is a member, with any role. */
    public List<TeamId> teamsOf(Caller member) {
        return teams.entrySet().stream()
                .filter(team -> team.getValue().members().containsKey(member))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Finds a team; the caller's personal team is found too, though no event created it. */
    @QueryHandler
    public Optional<TeamView> handle(FindTeamQuery query, MetaData metaData) {
        Entry entry = teams.get(query.teamId());
        if (entry != null) {
            return Optional.of(view(query.teamId(), entry));
        }
        return personalTeam(metaData).filter(team -> team.id().equals(query.teamId().toString()));
    }

    /** Lists every team, and the caller's personal team first. */
    @QueryHandler
    public List<TeamView> handle(FindTeamsQuery query, MetaData metaData) {
        Stream<TeamView> created = teams.entrySet().stream()
                .map(team -> view(team.getKey(), team.getValue()))
                .sorted(Comparator.comparing(TeamView::name).thenComparing(TeamView::id));
        return Stream.concat(personalTeam(metaData).stream(), created).toList();
    }

    @Override
    public void reset() {
        teams.clear();
    }

    private void withMember(TeamId teamId, Caller member, Role role) {
        teams.computeIfPresent(teamId, (id, entry) -> {
            Map<Caller, Role> members = new HashMap<>(entry.members());
            members.put(member, role);
            return new Entry(entry.name(), Map.copyOf(members));
        });
    }

    private static TeamView view(TeamId teamId, Entry entry) {
        List<TeamView.Member> members = entry.members().entrySet().stream()
                .map(member -> new TeamView.Member(member.getKey().toString(), member.getValue()))
                .sorted(Comparator.comparing(TeamView.Member::caller))
                .toList();
        return new TeamView(teamId.toString(), entry.name().value(), false, members);
    }

    /**
     * Returns the personal team of the query's caller, which exists for every user and API token without an event: its
     * caller is its only member, as owner. A query with the engine's own rights has none, and neither has a webhook.
     */
    private static Optional<TeamView> personalTeam(MetaData metaData) {
        RequestContext context = RequestContext.fromMetaData(metaData);
        if (context == null || context.caller().kind() == Caller.Kind.ENGINE
                || context.caller().kind() == Caller.Kind.WEBHOOK) {
            return Optional.empty();
        }
        Caller caller = context.caller();
        return Optional.of(new TeamView(TeamId.personalOf(caller).toString(), PERSONAL_TEAM_NAME, true,
                List.of(new TeamView.Member(caller.toString(), Role.OWNER))));
    }

    /** A team's name and its members' roles. */
    private record Entry(TeamName name, Map<Caller, Role> members) {
    }
}
