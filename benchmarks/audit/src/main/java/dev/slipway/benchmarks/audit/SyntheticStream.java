package dev.slipway.benchmarks.audit;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationCreatedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.EnvironmentVariableSetEvent;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.ReleaseRecordedEvent;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.team.TeamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

/**
 * The events of the benchmark's applications as the engine stores them: per application, its creation, two
 * environment variables and a release, each carrying the metadata of the request that caused it (caller, client
 * address, correlation id, the caller's team and Axon's trace and correlation ids of the command). Fifty users
 * create the applications, each in their personal team.
 */
final class SyntheticStream {

    /** Events of one application. */
    static final int EVENTS_PER_APPLICATION = 4;

    private static final String AGGREGATE_TYPE = "Application";

    private SyntheticStream() {
    }

    /** Returns the context of the request that makes step {@code step} of an application. */
    static RequestContext request(long application, int step) {
        return new RequestContext(Caller.user("user-" + application % 50), "203.0.113." + (application % 200 + 1),
                new UUID(0xC0L, application * EVENTS_PER_APPLICATION + step).toString());
    }

    /** Returns the release that the deployment of an application records. */
    static Release release(long application, DeploymentId deployment) {
        return new Release(deployment, new CommitSha("0123456789abcdef0123456789abcdef01234567"), "sha256:0a1b",
                "c0ffee" + application, "web-" + application, "http://127.0.0.1:40001");
    }

    /**
     * The values the engine picks itself while it handles an application's commands.
     *
     * @param application the application id
     * @param deployment  the id of the deployment whose release is recorded
     * @param eventIds    the message id of each event
     * @param commandIds  the message id of the command of each event, which Axon copies as trace and correlation id
     * @param timestamps  when each event was stored
     */
    record EngineValues(ApplicationId application, DeploymentId deployment, List<String> eventIds,
                        List<String> commandIds, List<Instant> timestamps) {

        /** Returns fresh ids and the given timestamps, as a new application would get. */
        static EngineValues fresh(long application, Instant firstTimestamp) {
            List<String> eventIds = new ArrayList<>(EVENTS_PER_APPLICATION);
            List<String> commandIds = new ArrayList<>(EVENTS_PER_APPLICATION);
            List<Instant> timestamps = new ArrayList<>(EVENTS_PER_APPLICATION);
            for (int step = 0; step < EVENTS_PER_APPLICATION; step++) {
                eventIds.add(UUID.randomUUID().toString());
                commandIds.add(UUID.randomUUID().toString());
                timestamps.add(firstTimestamp.plusMillis(step));
            }
            return new EngineValues(new ApplicationId(new UUID(0xA0L, application)), DeploymentId.random(), eventIds,
                    commandIds, timestamps);
        }
    }

    /** Returns the events of one application. */
    static List<DomainEventMessage<?>> application(long number, EngineValues values) {
        ApplicationId id = values.application();
        List<DomainEventMessage<?>> events = new ArrayList<>(EVENTS_PER_APPLICATION);
        for (int step = 0; step < EVENTS_PER_APPLICATION; step++) {
            RequestContext request = request(number, step);
            MetaData metaData = request.toMetaData()
                    .and(RequestContext.TEAM, TeamId.personalOf(request.caller()).toString())
                    .and("traceId", values.commandIds().get(step))
                    .and("correlationId", values.commandIds().get(step));
            if (step == EVENTS_PER_APPLICATION - 1) {
                metaData = metaData.and(RequestContext.ENGINE_ORIGIN, "true");
            }
            events.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, id.toString(), step,
                    payload(number, step, values, request), metaData, values.eventIds().get(step),
                    values.timestamps().get(step)));
        }
        return events;
    }

    private static Object payload(long number, int step, EngineValues values, RequestContext request) {
        ApplicationId id = values.application();
        return switch (step) {
            case 0 -> new ApplicationCreatedEvent(id, new ApplicationName("app-" + number),
                    new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/app-" + number + ".git"),
                            new GitRef("main"), null, null), new RuntimeSpec(8080, null, null), ServerId.LOCAL,
                    TeamId.personalOf(request.caller()));
            case 1 -> new EnvironmentVariableSetEvent(id, new VariableName("LOG_LEVEL"), "info", 1);
            case 2 -> new EnvironmentVariableSetEvent(id, new VariableName("REGION"), "eu-west", 2);
            default -> new ReleaseRecordedEvent(id, release(number, values.deployment()));
        };
    }

    /**
     * Returns {@code count} events of applications numbered from {@code firstApplication} on, one millisecond
     * apart from {@code start}; the last application may get only its first events.
     */
    static Iterator<DomainEventMessage<?>> events(long firstApplication, long count, Instant start) {
        return new Iterator<>() {
            private long produced;
            private long application = firstApplication;
            private Iterator<DomainEventMessage<?>> current = List.<DomainEventMessage<?>>of().iterator();

            @Override
            public boolean hasNext() {
                return produced < count;
            }

            @Override
            public DomainEventMessage<?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (!current.hasNext()) {
                    current = application(application, EngineValues.fresh(application, start.plusMillis(produced)))
                            .iterator();
                    application++;
                }
                produced++;
                return current.next();
            }
        };
    }
}
