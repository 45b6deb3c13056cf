package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SlowCommandWarningTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(SlowCommandWarning.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(events);
    }

    @Test
    void commandAtLimitIsLogged() {
        CommandMessage<Object> command = send(Duration.ZERO);

        assertThat(events.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("command [slow-probe]");
            assertThat(event.getFormattedMessage()).contains("message [" + command.getIdentifier() + "]");
        });
    }

    @Test
    void commandUnderLimitIsNotLogged() {
        send(Duration.ofHours(1));

        assertThat(events.list).isEmpty();
    }

    private CommandMessage<Object> send(Duration limit) {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.registerHandlerInterceptor(new SlowCommandWarning(limit));
        bus.subscribe("slow-probe", message -> "done");
        CommandMessage<Object> command = new GenericCommandMessage<>(asCommandMessage("payload"), "slow-probe");
        FutureCallback<Object, Object> callback = new FutureCallback<>();
        bus.dispatch(command, callback);
        assertThat(callback.getResult().getPayload()).isEqualTo("done");
        return command;
    }
}
