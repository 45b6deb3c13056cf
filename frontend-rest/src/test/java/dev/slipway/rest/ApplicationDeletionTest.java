package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ConfiguredApp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class ApplicationDeletionTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        rootLogger().detachAppender(logs);
    }

    @Test
    void repeatedDeleteIsNotFoundWithoutStackTrace() throws Exception {
        String applicationId = api.read(api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), "file:///tmp/slipway-missing-deleted-repository"),
                "X-Slipway-User", "alice")).get("id").asText();
        docker.removeAfterTest(applicationId);
        MockHttpServletResponse first = delete(applicationId);
        logs.list.clear();

        MockHttpServletResponse second = delete(applicationId);

        assertThat(first.getStatus()).as("first delete: %s", first.getContentAsString()).isEqualTo(200);
        assertThat(second.getStatus()).as("second delete: %s", second.getContentAsString()).isEqualTo(404);
        assertThat(api.read(second).get("detail").asText()).contains(applicationId);
        List<ILoggingEvent> warnings = logs.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .toList();
        assertThat(warnings).as("warnings: %s", warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains(applicationId);
        assertThat(warnings.get(0).getThrowableProxy()).as("stack trace of %s", warnings.get(0)).isNull();
    }

    private MockHttpServletResponse delete(String applicationId) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.delete("/api/applications/" + applicationId)
                .header("X-Slipway-User", "alice")).andReturn().getResponse();
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
