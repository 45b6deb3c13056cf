package dev.slipway.docker;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.DomainName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes the proxy's Caddyfile and per-application site files for Caddy 2.6, and packs them into the tar archives
 * that Docker's archive API extracts into the proxy container.
 *
 * <p>Caddy responds to a request for a host that no site serves with an empty HTTP 200 (checked with Caddy 2.6.2),
 * so the Caddyfile ends with a catch-all site that responds with 404. Caddy fails to import an empty file, so a
 * site file without a route contains a comment.
 */
final class CaddyConfig {

    /** Folder in the proxy container that contains the Caddyfile. */
    static final String CONFIG_DIRECTORY = "/etc/caddy";
    static final String CADDYFILE = CONFIG_DIRECTORY + "/Caddyfile";
    /** Host name that the proxy serves its configuration token under. It never resolves (RFC 2606). */
    static final String CHECK_HOST = "version.slipway.invalid";
    /** Port that Caddy listens on in the container; above 1023, so Caddy needs no capability to bind it. */
    static final int CONTAINER_PORT = 8080;
    static final String NOT_FOUND_BODY = "No application is served under this host name.";

    private static final String SITES = "sites";
    private static final String SITE_SUFFIX = ".caddy";
    private static final String HTTP_PREFIX = "http://";
    /** Pattern of a domain, container name or token that can be written unquoted into a Caddyfile. */
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int FILE_MODE = 0100644;
    private static final int DIRECTORY_MODE = 040755;

    private CaddyConfig() {
    }

    /** Returns the Caddyfile that serves {@code token} under {@link #CHECK_HOST} and imports every site file. */
    static String caddyfile(String token) {
        requireSafe("token", token);
        return "{\n"
                + "\tadmin off\n"
                + "\tauto_https off\n"
                + "\thttp_port " + CONTAINER_PORT + "\n"
                + "}\n"
                + "\n"
                + "http://" + CHECK_HOST + " {\n"
                + "\trespond \"" + token + "\" 200\n"
                + "}\n"
                + "\n"
                + "import " + SITES + "/*\n"
                + "\n"
                + "http:// {\n"
                + "\trespond \"" + NOT_FOUND_BODY + "\" 404\n"
                + "}\n";
    }

    /**
     * Returns the site file that proxies requests for {@code domains} to the container. With {@code http_port} set
     * in the global options, an {@code http://} address listens on that port, so the addresses name no port.
     */
    static String site(ApplicationId application, List<DomainName> domains, String containerName,
                       int containerPort) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("Application '" + application + "' has no domain to route");
        }
        for (DomainName domain : domains) {
            requireSafe("domain", domain.value());
        }
        requireSafe("container name", containerName);
        if (containerPort < 1 || containerPort > 65_535) {
            throw new IllegalArgumentException("Invalid container port " + containerPort + ": must be 1 to 65535");
        }
        String addresses = domains.stream().map(domain -> HTTP_PREFIX + domain.value())
                .collect(Collectors.joining(", "));
        return "# Routes of application " + application + "\n"
                + addresses + " {\n"
                + "\treverse_proxy " + containerName + ":" + containerPort + "\n"
                + "}\n";
    }

    /** Returns the domains of the site addresses in a site file that {@link #site} wrote. */
    static Set<String> domainsOf(String siteFile) {
        Set<String> domains = new TreeSet<>();
        for (String line : siteFile.split("\n")) {
            if (!line.startsWith(HTTP_PREFIX) || !line.endsWith(" {")) {
                continue;
            }
            for (String address : line.substring(0, line.length() - 2).split(", ")) {
                domains.add(address.substring(HTTP_PREFIX.length()));
            }
        }
        return domains;
    }

    /** Returns the application id that a site file path names, or null for another file. */
    static String applicationOf(String sitePath) {
        if (!sitePath.startsWith(SITES + "/") || !sitePath.endsWith(SITE_SUFFIX)) {
            return null;
        }
        return sitePath.substring(SITES.length() + 1, sitePath.length() - SITE_SUFFIX.length());
    }

    /** Returns the site file of an application without a route. */
    static String noSite(ApplicationId application) {
        return "# Application " + application + " has no route.\n";
    }

    /** Returns the path of the application's site file relative to {@link #CONFIG_DIRECTORY}. */
    static String sitePath(ApplicationId application) {
        requireSafe("application id", application.toString());
        return SITES + "/" + application + SITE_SUFFIX;
    }

    /**
     * Packs files into a tar archive for extraction into {@link #CONFIG_DIRECTORY}, with the folder
     * {@code sites} first so that an archive for a new container creates it.
     *
     * @param files          file contents by path relative to {@link #CONFIG_DIRECTORY}, in archive order
     * @param modifiedSecond the modification time of every file, in seconds since the epoch
     */
    static byte[] archive(Map<String, String> files, long modifiedSecond) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry folder = new TarArchiveEntry(SITES + "/");
            folder.setMode(DIRECTORY_MODE);
            folder.setModTime(modifiedSecond * 1000);
            out.putArchiveEntry(folder);
            out.closeArchiveEntry();
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setMode(FILE_MODE);
                entry.setSize(content.length);
                entry.setModTime(modifiedSecond * 1000);
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
            out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to pack the proxy configuration", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Throws unless {@code value} is a single Caddyfile token without whitespace, braces, quotes or line breaks.
     * Domains, container names and application ids are validated where they are made, so this guards against a
     * later change that loosens one of those rules.
     */
    private static void requireSafe(String field, String value) {
        if (value == null || !SAFE_TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid " + field + " '" + value + "' for the proxy configuration:"
                    + " only letters, digits, '.', '_' and '-' can be written into a Caddyfile");
        }
    }
}
