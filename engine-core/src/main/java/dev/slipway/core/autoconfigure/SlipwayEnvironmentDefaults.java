package dev.slipway.core.autoconfigure;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the engine's defaults for Axon as the lowest-priority property source, so an application can still override
 * each: Jackson for every serializer (XStream deserializes arbitrary types and cannot read records on Java 17), the
 * Axon Server connector off, and Axon's update checker off, because an embedded library must not call out.
 * Axon's handler time limits ({@code axon.timeout.enabled}) are off as well: for every handler and unit of work they
 * record the calling thread's stack and schedule a task on a shared timer thread, and they interrupt a handler after
 * 30 seconds, possibly in the middle of a database write. The engine logs a warning for each slow command instead,
 * and the slow work of a deployment runs in its steps, which have time limits of their own.
 */
public class SlipwayEnvironmentDefaults implements EnvironmentPostProcessor {

    static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("slipwayDefaults", Map.of(
                "axon.serializer.general", "jackson",
                "axon.serializer.events", "jackson",
                "axon.serializer.messages", "jackson",
                "axon.axonserver.enabled", "false",
                "axon.timeout.enabled", "false",
                UPDATE_CHECKER_DISABLED, "true")));
        // Axon's update checker also reads this switch from system properties, so set it there for every code path.
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null
                && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, environment.getProperty(UPDATE_CHECKER_DISABLED, "true"));
        }
    }
}
