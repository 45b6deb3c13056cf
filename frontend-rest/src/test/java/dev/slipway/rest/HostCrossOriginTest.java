package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * An application with a filter chain and a CORS configuration of its own, and Slipway's chain limited to Slipway's
 * routes with its own listed origin: each chain's routes allow only that chain's origins.
 */
@SpringBootTest(classes = HostCrossOriginTest.HostApplication.class, properties = {
    "slipway.security.mode=token",
    "slipway.security.routes=/api/**,/error",
    "slipway.security.cors.allowed-origins=" + HostCrossOriginTest.SLIPWAY_UI_ORIGIN})
@AutoConfigureMockMvc
class HostCrossOriginTest {

    static final String SLIPWAY_UI_ORIGIN = "https://console.example.com";
    static final String HOST_UI_ORIGIN = "https://host-ui.example.com";

    @Autowired
    private MockMvc mvc;

    @Test
    void slipwayRoutesAllowSlipwayOriginOnly() throws Exception {
        MockHttpServletResponse slipwayOrigin = preflight(mvc, "/api/applications", SLIPWAY_UI_ORIGIN);
        MockHttpServletResponse hostOrigin = preflight(mvc, "/api/applications", HOST_UI_ORIGIN);

        assertThat(slipwayOrigin.getStatus()).isEqualTo(200);
        assertThat(slipwayOrigin.getHeader("Access-Control-Allow-Origin")).isEqualTo(SLIPWAY_UI_ORIGIN);
        assertThat(hostOrigin.getStatus()).isEqualTo(403);
        assertThat(hostOrigin.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void hostRoutesAllowHostOriginOnly() throws Exception {
        MockHttpServletResponse hostOrigin = preflight(mvc, "/host/hello", HOST_UI_ORIGIN);
        MockHttpServletResponse slipwayOrigin = preflight(mvc, "/host/hello", SLIPWAY_UI_ORIGIN);

        assertThat(hostOrigin.getStatus()).isEqualTo(200);
        assertThat(hostOrigin.getHeader("Access-Control-Allow-Origin")).isEqualTo(HOST_UI_ORIGIN);
        assertThat(slipwayOrigin.getStatus()).isEqualTo(403);
        assertThat(slipwayOrigin.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    static MockHttpServletResponse preflight(MockMvc mvc, String path, String origin) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.options(path)
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization"))
                .andReturn().getResponse();
    }

    /**
     * The host application: the engine and the REST frontend by auto-configuration, and routes of its own with a
     * chain and a CORS configuration that lists the host's UI origin.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApplication {

        @Bean
        SecurityFilterChain hostSecurity(HttpSecurity http) throws Exception {
            return http.cors(Customizer.withDefaults())
                    .authorizeHttpRequests(routes -> routes.anyRequest().permitAll())
                    .build();
        }

        @Bean
        UrlBasedCorsConfigurationSource corsConfigurationSource() {
            CorsConfiguration configuration = new CorsConfiguration();
            configuration.setAllowedOrigins(List.of(HOST_UI_ORIGIN));
            configuration.setAllowedMethods(List.of("GET"));
            configuration.setAllowedHeaders(List.of("authorization"));
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/**", configuration);
            return source;
        }

        @Bean
        HostController hostController() {
            return new HostController();
        }
    }

    @RestController
    static class HostController {

        @GetMapping("/host/hello")
        String hello() {
            return "hello from the host";
        }
    }
}
