package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Location of a Git repository, kept exactly as the user gave it. Accepted forms are {@code https://},
 * {@code http://}, {@code ssh://}, the scp-like {@code user@host:path} and {@code file:///absolute/path}; which of
 * them an engine may use is decided by {@link SourcePolicy}. Transport helpers such as {@code ext::}, bare local
 * paths, whitespace, control characters, a leading {@code -}, credentials inside the URL and {@code .} or
 * {@code ..} path segments (also percent-encoded) are rejected.
 */
public record RepositoryUrl(@JsonValue String value, Transport transport, String host, int port, String path) {

    /** The transports a repository URL can name. */
    public enum Transport { HTTPS, HTTP, SSH, FILE }

    static final String FIELD = "repositoryUrl";
    private static final int MAX_PORT = 65_535;
    private static final String PORT_RULE = "port must be between 1 and " + MAX_PORT;
    /** A scheme and an authority that names a host, or an IPv6 address in brackets, and a port of digits only. */
    private static final Pattern AUTHORITY_WITH_PORT = Pattern.compile(
            "[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(?:\\[[^\\]/?#]*]|[^:@\\[\\]/?#]+):([0-9]+)(?:[/?#]|$)");
    private static final int MAX_LENGTH = 2048;
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);
    private static final Pattern SCP_LIKE = Pattern.compile(
            "(?:([A-Za-z0-9_][A-Za-z0-9._-]*+)@)?([A-Za-z0-9][A-Za-z0-9.-]*+):([^/@][^@]*+)");
    private static final Pattern PERCENT_ENCODED_BYTE = Pattern.compile("%([0-9A-Fa-f]{2})");
    private static final String DOT_SEGMENT_RULE = "must not contain '.' or '..' path segments, plain or"
            + " percent-encoded (such as '%2e%2e'); give the repository's path without them";

    public RepositoryUrl {
        if (value == null || transport == null || path == null) {
            throw new InvalidInputException(FIELD, "must not be empty", redacted(value));
        }
    }

    /** Parses a repository URL and rejects any form outside the documented ones. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RepositoryUrl parse(String value) {
        checkCharacters(value);
        Matcher scheme = SCHEME.matcher(value);
        if (scheme.matches()) {
            return parseWithScheme(value, scheme.group(1).toLowerCase(Locale.ROOT));
        }
        Matcher scpLike = SCP_LIKE.matcher(value);
        if (scpLike.matches() && !value.contains("::") && !value.contains("://")) {
            checkNoDotSegments(value, scpLike.group(3));
            return new RepositoryUrl(value, Transport.SSH, scpLike.group(2), 22, scpLike.group(3));
        }
        throw new InvalidInputException(FIELD, "must be an https://, http://, ssh://, scp-like (user@host:path)"
                + " or file:// URL; local paths and transport helpers such as 'ext::' are not allowed",
                redacted(value));
    }

    /**
     * Parses a repository URL given as new input, such as the URL of an application being created. Besides what
     * {@link #parse} rejects, it rejects a query or fragment in a URL with a scheme, where an access token such as
     * {@code ?access_token=...} would be stored in plain text with the application's events, and a port outside 1 to
     * 65535. {@link #parse} still reads such URLs, so that events stored before these rules stay readable.
     */
    public static RepositoryUrl parseInput(String value) {
        RepositoryUrl url = parse(value);
        boolean withScheme = SCHEME.matcher(value).matches();
        // java.net.URI reads ports above 65535 too, and parse reads port 0 as the scheme's default port.
        int port = withScheme ? URI.create(value).getPort() : -1;
        if (port == 0 || port > MAX_PORT) {
            throw new InvalidInputException(FIELD, PORT_RULE, redacted(value));
        }
        if (withScheme && (value.indexOf('?') >= 0 || value.indexOf('#') >= 0)) {
            throw InvalidInputException.withoutValue(FIELD, "must not contain a query or fragment ('?' or '#'),"
                    + " where an access token would be stored in plain text; store the token as the repository's"
                    + " credential instead");
        }
        return url;
    }

    private static void checkCharacters(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(FIELD, "must not be empty", redacted(value));
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(FIELD, "must be at most " + MAX_LENGTH + " characters", null);
        }
        if (value.startsWith("-")) {
            throw new InvalidInputException(FIELD, "must not start with '-'", redacted(value));
        }
        if (Characters.hasHiddenCharacters(value)) {
            throw new InvalidInputException(FIELD, "must not contain whitespace, control or invisible characters",
                    redacted(value));
        }
    }

    private static RepositoryUrl parseWithScheme(String value, String scheme) {
        Transport transport = switch (scheme) {
            case "https" -> Transport.HTTPS;
            case "http" -> Transport.HTTP;
            case "ssh" -> Transport.SSH;
            case "file" -> Transport.FILE;
            default -> throw new InvalidInputException(FIELD,
                    "scheme '" + scheme + "' is not supported; use https, http, ssh or file", redacted(value));
        };
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            rejectOversizedPort(value);
            throw new InvalidInputException(FIELD, "must be a well-formed URL", redacted(value));
        }
        if (uri.getRawUserInfo() != null && (transport != Transport.SSH || uri.getRawUserInfo().contains(":"))) {
            throw new InvalidInputException(FIELD, "must not contain credentials; remove them from the URL and"
                    + " store them as a repository credential", redacted(value));
        }
        checkNoDotSegments(value, uri.getRawPath());
        if (transport == Transport.FILE) {
            // An authority such as 'host:secret@' that java.net.URI reads as registry-based has no host either.
            if (uri.getRawAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/")) {
                throw new InvalidInputException(FIELD, "a file URL must be file:///absolute/path", redacted(value));
            }
            return new RepositoryUrl(value, transport, "", -1, uri.getPath());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            rejectOversizedPort(value);
            throw new InvalidInputException(FIELD, "must name a host", redacted(value));
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new RepositoryUrl(value, transport, uri.getHost(), effectivePort(uri.getPort(), transport), path);
    }

    /**
     * Rejects, with the port rule, a URL whose port is digits beyond 65535. For a port beyond the int range,
     * java.net.URI reads no host or rejects an IPv6 address, so its error would name the wrong part of the URL.
     */
    private static void rejectOversizedPort(String value) {
        Matcher authority = AUTHORITY_WITH_PORT.matcher(value);
        if (authority.lookingAt() && new BigInteger(authority.group(1)).compareTo(BigInteger.valueOf(MAX_PORT)) > 0) {
            throw new InvalidInputException(FIELD, PORT_RULE, redacted(value));
        }
    }

    /**
     * Rejects a path with a {@code .} or {@code ..} segment. A segment counts after every layer of percent-decoding,
     * so {@code %2e%2e}, {@code %252e%252e} and a separator written as {@code %2f} cannot hide one. Backslashes
     * count as separators too, as they do in Windows paths.
     */
    private static void checkNoDotSegments(String value, String rawPath) {
        if (rawPath == null) {
            return;
        }
        String path = rawPath;
        while (true) {
            for (String segment : path.split("[/\\\\]", -1)) {
                if (segment.equals(".") || segment.equals("..")) {
                    throw new InvalidInputException(FIELD, DOT_SEGMENT_RULE, redacted(value));
                }
            }
            String decoded = percentDecoded(path);
            if (decoded.equals(path)) {
                return;
            }
            path = decoded;
        }
    }

    /**
     * Decodes each {@code %XX} sequence to the character of that byte value and leaves everything else as it is.
     * Bytes above 0x7F become single characters instead of UTF-8 sequences, which is enough to find ASCII dots and
     * separators. A call that decodes anything returns a shorter string, so the loop in the caller ends.
     */
    private static String percentDecoded(String path) {
        Matcher matcher = PERCENT_ENCODED_BYTE.matcher(path);
        StringBuilder decoded = new StringBuilder(path.length());
        while (matcher.find()) {
            char character = (char) Integer.parseInt(matcher.group(1), 16);
            matcher.appendReplacement(decoded, Matcher.quoteReplacement(String.valueOf(character)));
        }
        matcher.appendTail(decoded);
        return decoded.toString();
    }

    private static int effectivePort(int port, Transport transport) {
        if (port > 0) {
            return port;
        }
        return switch (transport) {
            case HTTPS -> 443;
            case HTTP -> 80;
            case SSH -> 22;
            case FILE -> -1;
        };
    }

    /**
     * Returns the value with everything between the scheme (or the start) and the last {@code @} replaced by
     * {@code ***}, so a rejection never echoes a credential, whichever rule rejected the value.
     */
    static String redacted(String value) {
        if (value == null) {
            return null;
        }
        int at = value.lastIndexOf('@');
        if (at < 0) {
            return value;
        }
        int schemeEnd = value.indexOf("://");
        int start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
        return value.substring(0, start) + "***" + value.substring(at);
    }

    @Override
    public String toString() {
        return value;
    }
}
