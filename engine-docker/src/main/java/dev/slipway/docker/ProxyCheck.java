package dev.slipway.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Requests the proxy's configuration token from its published port. Each request opens a new connection and sends
 * {@code Connection: close}, so that no response comes from a connection that Caddy accepted under its earlier
 * configuration.
 */
final class ProxyCheck {

    private static final int TIMEOUT_MILLIS = 1000;
    private static final int MAX_RESPONSE_BYTES = 8192;
    private static final long RETRY_MILLIS = 100;
    /**
     * Delay before the second request that must return the token. Caddy starts serving with the new configuration
     * before it stops the earlier one, so a connection accepted in between may still use the earlier routes.
     */
    private static final long CONFIRM_MILLIS = 50;

    private final String address;
    private final int port;

    ProxyCheck(String address, int port) {
        this.address = address;
        this.port = port;
    }

    /** Returns the address and port that the check requests, such as {@code 127.0.0.1:80}. */
    String address() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /**
     * Requests the token until two requests in a row return {@code token}, and returns null then, or the result of
     * the last request when {@code limit} passes first.
     */
    String awaitToken(String token, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        String result = "not checked";
        boolean seen = false;
        while (System.nanoTime() < deadline) {
            long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            result = request((int) Math.min(TIMEOUT_MILLIS, remainingMillis));
            if (token.equals(result)) {
                if (seen) {
                    return null;
                }
                seen = true;
            } else {
                seen = false;
            }
            if (!pause(seen ? CONFIRM_MILLIS : RETRY_MILLIS)) {
                return "interrupted";
            }
        }
        return result;
    }

    /**
     * Returns the body of an HTTP 200 response, or a description of the failed request.
     *
     * @param timeoutMillis time limit to connect, and then for each read
     */
    String request(int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + CaddyConfig.CHECK_HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(readAtMost(socket.getInputStream()));
        } catch (ConnectException e) {
            return "connection refused";
        } catch (SocketTimeoutException e) {
            return "timed out after " + timeoutMillis + "ms";
        } catch (IOException e) {
            return "request failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static String readAtMost(InputStream in) throws IOException {
        byte[] response = in.readNBytes(MAX_RESPONSE_BYTES);
        return new String(response, StandardCharsets.UTF_8);
    }

    /** Returns the body of a response with status 200, else its status line or a note that it had none. */
    static String parse(String response) {
        int headerEnd = response.indexOf("\r\n\r\n");
        int lineEnd = response.indexOf("\r\n");
        if (headerEnd < 0 || lineEnd < 0) {
            return response.isEmpty() ? "connection closed without an HTTP response" : "incomplete HTTP response";
        }
        String statusLine = response.substring(0, lineEnd);
        if (!statusLine.startsWith("HTTP/1.1 200 ")) {
            return "response " + statusLine;
        }
        return response.substring(headerEnd + 4);
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
