package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** In fail-closed mode a command whose event cannot be chained is rejected, and nothing of it is stored. */
@SpringBootTest(classes = AuditTestApplication.class, properties = "slipway.audit.fail-closed=true")
class AuditChainFailClosedTest {

    @Autowired
    private AuditChain chain;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private DataSource dataSource;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestApplication.useNewDatabase(registry);
    }

    @Test
    void unchainableCommandIsRejected() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        AuditTestApplication.createApplication(commands);
        long storedBefore = countEvents(jdbc);
        Map<String, Object> head = jdbc.queryForMap("SELECT position, hash FROM " + ChainTables.HEAD);
        jdbc.update("DELETE FROM " + ChainTables.HEAD);

        assertThatThrownBy(() -> AuditTestApplication.createApplication(commands))
                .hasStackTraceContaining("head row is missing");

        assertThat(countEvents(jdbc)).isEqualTo(storedBefore);
        jdbc.update("INSERT INTO " + ChainTables.HEAD + " (id, position, hash) VALUES (1, ?, ?)", head.get("POSITION"),
                head.get("HASH"));
        AuditTestApplication.createApplication(commands);
        assertThat(countEvents(jdbc)).isEqualTo(storedBefore + 1);
        assertThat(chain.verify().intact()).isTrue();
        assertThat(chain.verify().entriesChecked()).isEqualTo(storedBefore + 1);
    }

    private static long countEvents(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
    }
}
