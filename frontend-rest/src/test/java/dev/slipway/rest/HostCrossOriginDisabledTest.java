package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The application of {@link HostCrossOriginTest} without {@code slipway.security.cors.allowed-origins}: Slipway's
 * routes get no CORS headers, although Spring Security would apply the application's CORS configuration bean to
 * every chain that does not switch CORS off.
 */
@SpringBootTest(classes = HostCrossOriginTest.HostApplication.class, properties = {
    "slipway.security.mode=token",
    "slipway.security.routes=/api/**,/error"})
@AutoConfigureMockMvc
class HostCrossOriginDisabledTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void slipwayRoutesIgnoreHostCorsConfiguration() throws Exception {
        MockHttpServletResponse response = HostCrossOriginTest.preflight(mvc, "/api/applications",
                HostCrossOriginTest.HOST_UI_ORIGIN);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void hostRoutesKeepHostCorsConfiguration() throws Exception {
        MockHttpServletResponse response = HostCrossOriginTest.preflight(mvc, "/host/hello",
                HostCrossOriginTest.HOST_UI_ORIGIN);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(HostCrossOriginTest.HOST_UI_ORIGIN);
    }
}
