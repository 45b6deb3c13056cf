package dev.slipway.rest;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ApplicationRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Sends requests to the REST frontend the way a client would, and reads JSON responses. */
final class RestApi {

    private final MockMvc mvc;
    private final ObjectMapper json;

    RestApi(MockMvc mvc, ObjectMapper json) {
        this.mvc = mvc;
        this.json = json;
    }

    static String uniqueName() {
        return ApplicationRequests.uniqueName();
    }

    static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    /** Returns a valid creation body for a repository that is never cloned. */
    static Map<String, Object> applicationBody(String name, String repositoryUrl) {
        return ApplicationRequests.applicationBody(name, repositoryUrl);
    }

    MockHttpServletResponse postJson(String path, Object body, String... headers) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body instanceof String text ? text : json.writeValueAsString(body));
        return perform(request, headers);
    }

    MockHttpServletResponse post(String path, String... headers) throws Exception {
        return perform(MockMvcRequestBuilders.post(path), headers);
    }

    MockHttpServletResponse get(String path, String... headers) throws Exception {
        return perform(MockMvcRequestBuilders.get(path), headers);
    }

    JsonNode read(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString());
    }

    /** Returns every audit entry, newest first. */
    List<JsonNode> auditEntries() throws Exception {
        MockHttpServletResponse response = get("/api/audit-events?limit=1000");
        List<JsonNode> entries = new ArrayList<>();
        read(response).forEach(entries::add);
        return entries;
    }

    MockHttpServletResponse perform(MockHttpServletRequestBuilder request, String... headers)
            throws Exception {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return mvc.perform(request).andReturn().getResponse();
    }
}
