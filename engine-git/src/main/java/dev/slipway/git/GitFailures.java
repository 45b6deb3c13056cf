package dev.slipway.git;

import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;

/**
 * Maps JGit failures to {@link StepFailedException} messages of the form "what failed, on which value, why, what to
 * do". Every URL and JGit message put into a message passes through {@link #mask} first.
 */
final class GitFailures {

    private static final Pattern USER_INFO_AFTER_SCHEME = Pattern.compile("(?<=://)[^/@\\s]+@");
    private static final Pattern SCP_LIKE_USER = Pattern.compile("^[^/@:\\s]+@(?=[^/:\\s]+:)");
    private static final int MAX_REASON_LENGTH = 300;
    private static final String CHECK_URL = "Check the URL and the credential.";

    /** A failure's cause in the user's words and the step that fixes it. */
    record Reason(String text, String hint) {
    }

    private GitFailures() {
    }

    /** Returns the URL with any user information replaced by {@code ***}. */
    static String mask(RepositoryUrl url) {
        return mask(url.value());
    }

    static String mask(String url) {
        String masked = USER_INFO_AFTER_SCHEME.matcher(url).replaceAll("***@");
        return SCP_LIKE_USER.matcher(masked).replaceFirst("***@");
    }

    static StepFailedException sshNeedsDeployKey(RepositoryUrl url) {
        return new StepFailedException("Unable to reach repository '" + mask(url) + "': ssh:// and user@host:path"
                + " URLs need an SSH deploy key credential with the server's pinned host key. Store one and"
                + " reference it from the application's source, or use an https:// URL.");
    }

    static StepFailedException credentialMismatch(RepositoryUrl url, String credential, String transport) {
        return new StepFailedException("Unable to use the credential for repository '" + mask(url) + "': "
                + credential + " works only with " + transport + ". Reference a credential that fits the URL.");
    }

    static StepFailedException unreachable(RepositoryUrl url, Exception cause, int timeoutSeconds) {
        Reason reason = reason(url, cause, timeoutSeconds);
        return new StepFailedException("Unable to reach repository '" + mask(url) + "': " + reason.text() + ". "
                + reason.hint(), cause);
    }

    static StepFailedException fetchFailed(RepositoryUrl url, GitRef ref, CommitSha commit, Exception cause,
            int timeoutSeconds) {
        Reason reason = reason(url, cause, timeoutSeconds);
        return new StepFailedException("Unable to fetch commit '" + commit + "' at ref '" + ref + "' from '"
                + mask(url) + "': " + reason.text() + ". " + reason.hint(), cause);
    }

    static StepFailedException writeFailed(RepositoryUrl url, CommitSha commit, String directory, Exception cause) {
        return new StepFailedException("Unable to write commit '" + commit + "' of '" + mask(url) + "' into '"
                + directory + "': " + describe(url, cause) + ". Check the free disk space and the permissions of"
                + " the work directory.", cause);
    }

    static Reason reason(RepositoryUrl url, Throwable failure, int timeoutSeconds) {
        if (find(failure, NoRemoteRepositoryException.class) != null) {
            return new Reason("repository not found", CHECK_URL);
        }
        CorruptObjectException corrupt = find(failure, CorruptObjectException.class);
        if (corrupt != null) {
            return new Reason("the repository contains an invalid object (" + describe(url, corrupt) + ")",
                    "Deploy a commit whose history Git accepts, or rewrite the history that contains it.");
        }
        if (find(failure, UnknownHostException.class) != null) {
            return new Reason("unknown host '" + url.host() + "'", "Check the host name in the URL.");
        }
        if (find(failure, ConnectException.class) != null) {
            return new Reason("connection refused by '" + url.host() + "'",
                    "Check the host and port in the URL and that the Git server is running.");
        }
        String message = describe(url, failure);
        String lower = message.toLowerCase(Locale.ROOT);
        if (find(failure, InterruptedIOException.class) != null || lower.contains("timed out")
                || lower.contains("timeout")) {
            return new Reason("timed out after " + timeoutSeconds + (timeoutSeconds == 1 ? " second" : " seconds"),
                    "Check that the Git server is reachable, or raise slipway.git.network-timeout.");
        }
        if (lower.contains("server key did not validate")) {
            return new Reason("the server's SSH host key is not pinned in the credential's known hosts",
                    "Check that the URL names the right server; add a host key to the credential only after"
                            + " checking it out of band.");
        }
        if (lower.contains("not authorized") || lower.contains("authentication") || lower.contains("auth fail")) {
            return new Reason("authentication failed", CHECK_URL);
        }
        if (find(failure, NotSupportedException.class) != null) {
            return new Reason("transport not supported (" + message + ")", "Use an https:// URL.");
        }
        return new Reason(message, CHECK_URL);
    }

    /**
     * Returns false for failures that a fetch of a ref instead of a SHA would meet again: a missing repository, an
     * unreachable host, a timeout or an invalid object. Servers reject a SHA they do not allow in different words,
     * so every other failure may be such a rejection.
     */
    static boolean mayBeRejectedWant(Throwable failure) {
        return find(failure, NoRemoteRepositoryException.class) == null
                && find(failure, CorruptObjectException.class) == null
                && find(failure, UnknownHostException.class) == null
                && find(failure, ConnectException.class) == null
                && find(failure, InterruptedIOException.class) == null;
    }

    /** Returns the message of the innermost JGit or I/O exception in the chain, made {@link #printable}. */
    static String describe(RepositoryUrl url, Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            boolean fromGit = t instanceof IOException || t instanceof GitAPIException
                    || t.getClass().getName().startsWith("org.eclipse.jgit.");
            if (fromGit && t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return failure.getClass().getSimpleName();
        }
        return printable(url, message);
    }

    /**
     * Returns a message for a user: masked, without the URL prefix JGit puts in front, without control characters
     * and at most 300 characters long.
     */
    static String printable(RepositoryUrl url, String message) {
        String maskedUrl = mask(url);
        String masked = mask(message.replace(url.value(), maskedUrl));
        if (masked.startsWith(maskedUrl + ": ")) {
            masked = masked.substring(maskedUrl.length() + 2);
        }
        StringBuilder printable = new StringBuilder(Math.min(masked.length(), MAX_REASON_LENGTH + 1));
        masked.codePoints().limit(MAX_REASON_LENGTH).forEach(cp -> {
            printable.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp);
        });
        if (masked.length() > MAX_REASON_LENGTH) {
            printable.append('…');
        }
        return printable.toString().strip();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
