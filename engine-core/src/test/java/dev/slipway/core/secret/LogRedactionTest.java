package dev.slipway.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogRedactionTest {

    private static final String SECRET = "sk_test_PLACEHOLDER_987";
    private static final String BASE64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));

    private final Redactor redactor = new Redactor();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Logger thirdParty = (Logger) LoggerFactory.getLogger("org.eclipse.jgit.transport.TransportHttp");
    private OutputStreamAppender<ILoggingEvent> appender;
    private LogRedaction redaction;

    @BeforeEach
    void captureLogOutput() {
        attachAppender();
        redactor.register(SECRET);
        redaction = LogRedaction.install(redactor);
    }

    /** Sends the third-party logger's events to {@code output}, formatted as a console appender would. */
    private void attachAppender() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger %msg%n%ex");
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(output);
        appender.start();
        thirdParty.addAppender(appender);
    }

    @AfterEach
    void stopCapture() {
        redaction.close();
        thirdParty.detachAppender(appender);
        appender.stop();
    }

    private String logged() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void installWorksOnLogback() {
        assertThat(redaction.installed()).isTrue();
    }

    @Test
    void thirdPartyLoggerMessageIsMasked() {
        thirdParty.info("sending Authorization: Bearer {} and Basic {}", SECRET, BASE64);
        thirdParty.warn("token=" + SECRET);

        assertThat(logged()).doesNotContain(SECRET);
        assertThat(logged()).doesNotContain(BASE64);
        assertThat(logged()).contains("sending Authorization: Bearer " + Redactor.MASK + " and Basic " + Redactor.MASK);
        assertThat(logged()).contains("WARN org.eclipse.jgit.transport.TransportHttp token=" + Redactor.MASK);
    }

    @Test
    void exceptionChainIsMaskedButKeepsClassNames() {
        IllegalStateException cause = new IllegalStateException("server rejected " + SECRET);
        RuntimeException failure = new RuntimeException("clone failed", cause);
        failure.addSuppressed(new IllegalArgumentException("suppressed " + BASE64));

        thirdParty.error("transport error", failure);
        thirdParty.error("transport error for {}", "origin", new IllegalStateException("bad " + SECRET));

        assertThat(logged()).doesNotContain(SECRET);
        assertThat(logged()).doesNotContain(BASE64);
        assertThat(logged()).contains("java.lang.RuntimeException: clone failed");
        assertThat(logged()).contains("Caused by: java.lang.IllegalStateException: server rejected " + Redactor.MASK);
        assertThat(logged()).contains("Suppressed: java.lang.IllegalArgumentException: suppressed " + Redactor.MASK);
        assertThat(logged()).contains("transport error for origin");
        assertThat(logged()).contains("java.lang.IllegalStateException: bad " + Redactor.MASK);
        assertThat(logged()).contains("at dev.slipway.core.secret.LogRedactionTest");
    }

    @Test
    void maskedEventNamesTheRealCaller() {
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        thirdParty.addAppender(events);
        try {
            thirdParty.info("value {}", SECRET);
        } finally {
            thirdParty.detachAppender(events);
        }

        assertThat(events.list).hasSize(1);
        assertThat(events.list.get(0).getFormattedMessage()).isEqualTo("value " + Redactor.MASK);
        assertThat(events.list.get(0).getCallerData()[0].getClassName()).isEqualTo(LogRedactionTest.class.getName());
    }

    @Test
    void linesWithoutSecretsPassUnchanged() {
        thirdParty.info("fetching {} from {}", "refs/heads/main", "origin");

        assertThat(logged()).isEqualTo("INFO org.eclipse.jgit.transport.TransportHttp fetching refs/heads/main from"
                + " origin" + System.lineSeparator());
    }

    @Test
    void disabledLevelStaysSilent() {
        thirdParty.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            thirdParty.debug("debug {}", SECRET);
        } finally {
            thirdParty.setLevel(null);
        }

        assertThat(logged()).isEmpty();
    }

    @Test
    void closedRedactionStopsMasking() {
        redaction.close();

        thirdParty.info("value {}", SECRET);

        assertThat(logged()).contains(SECRET);
    }

    @Test
    void filterSurvivesLogbackReset() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        try {
            attachAppender();

            thirdParty.warn("after reset {}", SECRET);
        } finally {
            new ContextInitializer(context).autoConfig();
        }

        assertThat(logged()).doesNotContain(SECRET);
        assertThat(logged()).contains("after reset " + Redactor.MASK);
    }
}
