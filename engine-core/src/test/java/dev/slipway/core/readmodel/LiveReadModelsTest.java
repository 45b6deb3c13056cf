package dev.slipway.core.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveReadModelsTest {

    private final Configuration config = DefaultConfigurer.defaultConfiguration().buildConfiguration();
    private final SimpleEventBus bus = SimpleEventBus.builder().build();
    private final Names names = new Names();
    private final Renames renames = new Renames();
    private LiveReadModels readModels;

    @BeforeEach
    void subscribe() {
        readModels = new LiveReadModels(List.of(renames, names), new ReadModelGate(), config);
        readModels.subscribeTo(bus);
    }

    @AfterEach
    void unsubscribe() {
        readModels.unsubscribe();
    }

    @Test
    void readModelsGetEventsWithParameters() {
        bus.publish(new GenericDomainEventMessage<>("App", "a1", 4, new Created("web"), MetaData.with("by", "ann")),
                GenericEventMessage.asEventMessage(new Renamed("web", "shop")));

        assertThat(names.seen).containsExactly("web#4 by ann", "web->shop");
        assertThat(renames.seen).containsExactly("web->shop");
    }

    @Test
    void failingReadModelLeavesOthersTheEvent() {
        bus.publish(GenericEventMessage.asEventMessage(new Renamed("broken", "x")),
                GenericEventMessage.asEventMessage(new Renamed("web", "shop")));

        assertThat(renames.seen).containsExactly("web->shop");
        assertThat(names.seen).containsExactly("broken->x", "web->shop");
    }

    @Test
    void noEventAfterUnsubscribe() {
        readModels.unsubscribe();
        bus.publish(GenericEventMessage.asEventMessage(new Renamed("web", "shop")));

        assertThat(names.seen).isEmpty();
        assertThat(renames.seen).isEmpty();
    }

    private record Created(String name) {
    }

    private record Renamed(String from, String to) {
    }

    /** Takes both kinds of events; comes second, after the one that fails. */
    private static final class Names implements ReadModel {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Created event, @SequenceNumber long sequence, MetaData metaData) {
            seen.add(event.name() + "#" + sequence + " by " + metaData.get("by"));
        }

        @EventHandler
        void on(Renamed event) {
            seen.add(event.from() + "->" + event.to());
        }

        @Override
        public void reset() {
            seen.clear();
        }
    }

    /** Takes renames only, and fails on the application named "broken". */
    private static final class Renames implements ReadModel {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Renamed event) {
            if (event.from().equals("broken")) {
                throw new IllegalStateException("cannot rename broken");
            }
            seen.add(event.from() + "->" + event.to());
        }

        @Override
        public void reset() {
            seen.clear();
        }
    }
}
