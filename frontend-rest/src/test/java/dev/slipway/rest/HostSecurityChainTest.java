package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with a security filter chain of its own for every request and Slipway's chain limited to Slipway's
 * routes: both start, the application's routes follow its own chain, and Slipway's routes still need a token.
 */
@SpringBootTest(classes = HostSecurityChainTest.HostApplication.class, properties = {
    "slipway.security.mode=token",
    "slipway.security.routes=/api/**,/error"})
@AutoConfigureMockMvc
class HostSecurityChainTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void hostRoutesFollowHostChain() throws Exception {
        var host = mvc.perform(MockMvcRequestBuilders.get("/host/hello")).andReturn().getResponse();
        var slipway = mvc.perform(MockMvcRequestBuilders.get("/api/applications")).andReturn().getResponse();

        assertThat(host.getStatus()).isEqualTo(200);
        assertThat(host.getContentAsString()).isEqualTo("hello from the host");
        assertThat(slipway.getStatus()).isEqualTo(401);
        assertThat(slipway.getContentAsString()).contains("needs a bearer token");
    }

    /** The host application: the engine and the REST frontend by auto-configuration, and routes of its own. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApplication {

        @Bean
        SecurityFilterChain hostSecurity(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(routes -> routes.anyRequest().permitAll()).build();
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
