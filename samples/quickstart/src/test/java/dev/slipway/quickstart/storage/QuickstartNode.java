package dev.slipway.quickstart.storage;

import dev.slipway.quickstart.QuickstartApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.DefaultResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/** One quickstart server on a random loopback port with the PostgreSQL profile, started and stopped by a test. */
final class QuickstartNode implements AutoCloseable {

    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private final ConfigurableApplicationContext context;
    private final RestTemplate client;

    private QuickstartNode(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.client = new RestTemplateBuilder().rootUri("http://127.0.0.1:" + port)
                .errorHandler(new DefaultResponseErrorHandler() {
                    @Override
                    public boolean hasError(ClientHttpResponse response) {
                        return false;
                    }
                })
                .build();
    }

    /** Starts a server on the database's schema, with its Git work directories under {@code dataDirectory}. */
    static QuickstartNode start(TestDatabase database, Path dataDirectory, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--slipway.data-directory=" + dataDirectory,
                "--slipway.source.allow-local=true", "--slipway.security.mode=header",
                "--slipway.access.default-team=shared", "--slipway.access.default-team-role=admin"));
        arguments.addAll(List.of(extraArguments));
        return new QuickstartNode(new SpringApplicationBuilder(QuickstartApplication.class)
                .profiles("postgresql")
                .run(arguments.toArray(String[]::new)));
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    Map<String, Object> get(String path) {
        return client.exchange(path, HttpMethod.GET, null, JSON).getBody();
    }

    ResponseEntity<Map<String, Object>> post(String path, Map<String, Object> body) {
        return send(HttpMethod.POST, path, body);
    }

    /** Sends a request as the user {@code alice}. Error statuses are returned, not thrown. */
    ResponseEntity<Map<String, Object>> send(HttpMethod method, String path, Map<String, Object> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Slipway-User", "alice");
        return client.exchange(path, method, new HttpEntity<>(body, headers), JSON);
    }

    @Override
    public void close() {
        context.close();
    }
}
