package dev.slipway.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.WantNotValidException;

/**
 * A Git smart-HTTP server on loopback that serves one bare repository with JGit's {@link UploadPack} (protocol v0)
 * and, like some hosted Git servers, accepts only ref tips as wants, so a fetch of any other commit by SHA is
 * rejected. Every other repository path returns 404, except {@code private.git}, which requires a login, and
 * {@code secure.git}, which serves the same repository to requests with the HTTP basic credentials given to
 * {@link #requiringLogin}.
 */
final class SmartHttpServer implements AutoCloseable {

    private static final String SERVICE = "git-upload-pack";

    private final Repository repository;
    private final HttpServer server;
    private final String expectedAuthorization;

    private SmartHttpServer(Repository repository, String expectedAuthorization) throws IOException {
        this.repository = repository;
        this.expectedAuthorization = expectedAuthorization;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/app.git/", this::handle);
        server.createContext("/private.git/", SmartHttpServer::requireLogin);
        server.createContext("/secure.git/", this::handleWithLogin);
        server.start();
    }

    static SmartHttpServer servingTipsOnly(Path bareDirectory) throws IOException {
        return new SmartHttpServer(new FileRepositoryBuilder().setGitDir(bareDirectory.toFile()).build(), null);
    }

    /** Starts a server whose {@code secure.git} path requires HTTP basic authentication as user and token. */
    static SmartHttpServer requiringLogin(Path bareDirectory, String user, String token) throws IOException {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
        return new SmartHttpServer(new FileRepositoryBuilder().setGitDir(bareDirectory.toFile()).build(),
                "Basic " + credentials);
    }

    private void handleWithLogin(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (expectedAuthorization != null && expectedAuthorization.equals(authorization)) {
            handle(exchange);
        } else {
            requireLogin(exchange);
        }
    }

    RepositoryUrl url() {
        return url("app.git");
    }

    /** Returns the URL of a repository path on this server. The path {@code private.git} requires a login. */
    RepositoryUrl url(String repositoryPath) {
        return RepositoryUrl.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/" + repositoryPath);
    }

    private static void requireLogin(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            if (path.endsWith("/info/refs") && ("service=" + SERVICE).equals(query)) {
                advertise(exchange);
            } else if (path.endsWith("/" + SERVICE) && "POST".equals(exchange.getRequestMethod())) {
                upload(exchange);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void advertise(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-" + SERVICE + "-advertisement");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        newUploadPack().sendAdvertisedRefs(new PacketLineOutRefAdvertiser(new PacketLineOut(body)), SERVICE);
        body.flush();
    }

    private void upload(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-" + SERVICE + "-result");
        exchange.sendResponseHeaders(200, 0);
        InputStream request = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            request = new GZIPInputStream(request);
        }
        try {
            newUploadPack().upload(request, exchange.getResponseBody(), null);
        } catch (PackProtocolException rejected) {
            // UploadPack has already sent the error to the client as an ERR line.
        }
    }

    private UploadPack newUploadPack() {
        UploadPack uploadPack = new UploadPack(repository);
        uploadPack.setBiDirectionalPipe(false);
        uploadPack.setRequestValidator(SmartHttpServer::acceptRefTipsOnly);
        return uploadPack;
    }

    private static void acceptRefTipsOnly(UploadPack uploadPack, List<ObjectId> wants) throws IOException {
        Set<ObjectId> tips = uploadPack.getRepository().getRefDatabase().getRefs().stream()
                .map(Ref::getObjectId)
                .collect(Collectors.toSet());
        for (ObjectId want : wants) {
            if (!tips.contains(want)) {
                throw new WantNotValidException(want);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        repository.close();
    }
}
