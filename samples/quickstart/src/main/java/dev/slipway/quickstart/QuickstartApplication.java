package dev.slipway.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * A Slipway server: both frontends, the event store in an H2 file under the data directory, and the local Docker
 * engine. With the {@code demo} profile it also deploys the sample application at start.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuickstartApplication {

    /** Stops a second server on the same data directory before it opens anything there. */
    @Bean
    static DataDirectoryLock dataDirectoryLock() {
        return new DataDirectoryLock();
    }

    public static void main(String[] args) {
        SpringApplication.run(QuickstartApplication.class, args);
    }
}
