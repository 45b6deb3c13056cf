package dev.slipway.core.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

/** The order in which a cluster node applies the events of one aggregate that several nodes store. */
class AppliedSequencesTest {

    private final AppliedSequences sequences = new AppliedSequences();
    private final List<String> applied = new ArrayList<>();
    private final List<DomainEventMessage<?>> store = new ArrayList<>();

    @Test
    void ownEventAppliesMissingOnesFirst() {
        DomainEventMessage<?> first = stored("app", 0);
        DomainEventMessage<?> second = stored("app", 1);
        DomainEventMessage<?> own = stored("app", 2);

        sequences.applyOther(first, this::apply);
        sequences.applyOwn(own, this::apply, this::read);
        boolean secondApplied = sequences.applyOther(second, this::apply);

        assertThat(applied).containsExactly("app/0", "app/1", "app/2");
        assertThat(secondApplied).isFalse();
    }

    @Test
    void replayedEventsAreNotAppliedAgain() {
        DomainEventMessage<?> first = stored("app", 0);
        DomainEventMessage<?> second = stored("app", 1);
        sequences.replayed(first);
        sequences.replayed(second);

        boolean again = sequences.applyOther(second, this::apply);
        sequences.applyOwn(second, this::apply, this::read);
        sequences.applyOwn(stored("app", 2), this::apply, this::read);

        assertThat(again).isFalse();
        assertThat(applied).containsExactly("app/2");
    }

    @Test
    void aggregatesAndPlainEventsStayApart() {
        sequences.applyOther(stored("web", 0), this::apply);
        sequences.applyOwn(stored("api", 0), this::apply, this::read);
        sequences.applyOwn(GenericEventMessage.asEventMessage("plain"), this::apply, this::read);

        assertThat(applied).containsExactly("web/0", "api/0", "plain");
    }

    private DomainEventMessage<?> stored(String aggregate, long sequence) {
        DomainEventMessage<?> event = new GenericDomainEventMessage<>("Application", aggregate, sequence,
                aggregate + "/" + sequence);
        store.add(event);
        return event;
    }

    private Stream<DomainEventMessage<?>> read(String aggregate, long firstSequence) {
        return store.stream().filter(event -> event.getAggregateIdentifier().equals(aggregate)
                && event.getSequenceNumber() >= firstSequence);
    }

    private void apply(EventMessage<?> event) {
        applied.add(event.getPayload().toString());
    }
}
