package dev.slipway.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binds {@code slipway.security.cors} as an application does at start, and checks which values fail the start. */
class CorsPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(SecuritySettings.class);

    @Test
    void corsIsOffByDefault() {
        runner.run(context -> {
            SlipwaySecurityProperties.Cors cors = context.getBean(SlipwaySecurityProperties.class).cors();
            assertThat(cors.enabled()).isFalse();
            assertThat(cors.allowedOrigins()).isEmpty();
            assertThat(cors.maxAge()).isEqualTo(Duration.ofMinutes(30));
        });
    }

    @Test
    void listedOriginsAreBound() {
        runner.withPropertyValues("slipway.security.cors.allowed-origins=https://console.example.com,"
                        + "http://localhost:5173,https://Console.Example.org:8443,http://[::1]:3000",
                        "slipway.security.cors.max-age=0s")
                .run(context -> {
                    SlipwaySecurityProperties.Cors cors = context.getBean(SlipwaySecurityProperties.class).cors();
                    assertThat(cors.enabled()).isTrue();
                    assertThat(cors.allowedOrigins()).containsExactly("https://console.example.com",
                            "http://localhost:5173", "https://Console.Example.org:8443", "http://[::1]:3000");
                    assertThat(cors.maxAge()).isZero();
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*", "https://*.example.com", "https://console.example.*"})
    void wildcardOriginFailsStartup(String origin) {
        assertStartupFails(origin, "wildcards are not allowed, because an API that takes bearer tokens should list"
                + " the origins of its UIs");
    }

    @Test
    void nullOriginFailsStartup() {
        assertStartupFails("null", "the origin 'null' is not allowed, because browsers send it from sandboxed"
                + " frames");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://console.example.com/", "https://console.example.com/ui",
        "https://console.example.com?x=1", "https://console.example.com#top", "https://user@console.example.com",
        "console.example.com", "//console.example.com", "ftp://console.example.com", "file:///tmp/ui.html",
        "https:console.example.com", "https://console.example.com:", "https://console example.com",
        "chrome-extension://abcdefghijklmnop", "HTTPS://console.example.com", "https://bücher.example",
        "NULL"})
    void valueThatIsNotOriginFailsStartup(String origin) {
        assertStartupFails(origin, "must be an origin: the scheme http or https, a host and an optional port");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://console.example.com:443", "http://console.example.com:80"})
    void defaultPortFailsStartup(String origin) {
        assertStartupFails(origin, "must not name the default port");
    }

    @Test
    void emptyEntryFailsStartup() {
        runner.withPropertyValues("slipway.security.cors.allowed-origins=https://console.example.com,,"
                        + "https://ops.example.com")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("Invalid slipway.security.cors.allowed-origins '': must not be"
                                + " empty"));
    }

    @Test
    void negativeMaxAgeFailsStartup() {
        runner.withPropertyValues("slipway.security.cors.max-age=-1s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("Invalid slipway.security.cors.max-age 'PT-1S': must not be"
                                + " negative"));
    }

    private void assertStartupFails(String origin, String rule) {
        // An indexed property keeps commas and spaces inside the value, as a YAML list item does.
        runner.withPropertyValues("slipway.security.cors.allowed-origins[0]=" + origin)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("Invalid slipway.security.cors.allowed-origins '" + origin + "': ")
                        .hasMessageContaining(rule));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SlipwaySecurityProperties.class)
    static class SecuritySettings {
    }
}
