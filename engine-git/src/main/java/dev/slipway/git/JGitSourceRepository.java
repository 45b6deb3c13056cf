package dev.slipway.git;

import dev.slipway.core.policy.OutboundAddressPolicy;
import dev.slipway.core.policy.OutboundAddressRefusedException;
import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Ref;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Implements {@link SourceRepository} on JGit, without a {@code git} process. Refs are resolved with an ls-remote
 * and checkouts fetch a single commit at depth 1, so no full clone is made. Instances are stateless and thread-safe.
 *
 * <p>Failures the user can act on (an unreachable or missing repository, a missing ref or commit, an invalid path
 * in a tree, a failed write) are turned into a {@link StepFailedException} whose message names the masked URL, the
 * ref or commit, the reason and the next step. User information in a URL never appears in a message or a log line.
 */
public final class JGitSourceRepository implements SourceRepository {

    private static final Logger log = LoggerFactory.getLogger(JGitSourceRepository.class);

    private final Settings settings;
    private final OutboundGuard guard;

    /** Creates a repository adapter with {@link Settings#DEFAULTS}. */
    public JGitSourceRepository() {
        this(Settings.DEFAULTS);
    }

    /** Creates a repository adapter with the given settings. */
    public JGitSourceRepository(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.guard = new OutboundGuard(settings.outboundAddresses());
        HostConfigIsolation.install();
    }

    /**
     * Settings of the adapter.
     *
     * @param networkTimeoutSeconds seconds JGit waits for a Git server to connect or respond before it gives up,
     *                              at least 1
     * @param outboundAddresses     the addresses repository hosts may resolve to; null means
     *                              {@link OutboundAddressPolicy#STRICT}, public addresses only
     */
    public record Settings(int networkTimeoutSeconds, OutboundAddressPolicy outboundAddresses) {

        /** Default settings: a network timeout of 60 seconds, and repository hosts on public addresses only. */
        public static final Settings DEFAULTS = new Settings(60);

        public Settings {
            if (networkTimeoutSeconds < 1) {
                throw new IllegalArgumentException(
                        "networkTimeoutSeconds must be at least 1, but was " + networkTimeoutSeconds);
            }
            outboundAddresses = outboundAddresses == null ? OutboundAddressPolicy.STRICT : outboundAddresses;
        }

        /** Creates settings that allow public repository hosts only. */
        public Settings(int networkTimeoutSeconds) {
            this(networkTimeoutSeconds, OutboundAddressPolicy.STRICT);
        }

        /** Returns a copy of these settings with another outbound-address policy. */
        public Settings withOutboundAddresses(OutboundAddressPolicy policy) {
            return new Settings(networkTimeoutSeconds, policy);
        }
    }

    /** Returns the settings this adapter runs with. */
    public Settings settings() {
        return settings;
    }

    /** Resolves a ref without a credential, like {@link #resolve(RepositoryUrl, GitRef, GitCredential)}. */
    @Override
    public CommitSha resolve(RepositoryUrl url, GitRef ref) {
        return resolve(url, ref, null);
    }

    /**
     * Resolves a ref on the remote through an ls-remote. A short name matches exactly {@code refs/heads/<name>} or
     * {@code refs/tags/<name>}, and it is rejected as ambiguous when it matches both. A full name matches only
     * itself. Annotated tags resolve to the commit they tag. A 40-digit SHA is returned unchanged without contacting
     * the remote, because {@link #checkOut} verifies that the commit exists. SSH URLs need an
     * {@link GitCredential.SshKey}.
     *
     * @throws StepFailedException when the repository cannot be reached, rejects the credential, is empty, or has no
     *                             such ref
     */
    @Override
    public CommitSha resolve(RepositoryUrl url, GitRef ref, GitCredential credential) {
        try (GitConnection connection = GitConnection.open(url, credential, guard)) {
            if (ref.isCommit()) {
                return new CommitSha(ref.value());
            }
            RemoteRefs.Match match = RemoteRefs.find(url, ref, listRefs(url, connection));
            log.info("Resolved ref [{}] of repository [{}] to [{}] at commit [{}]", ref, GitFailures.mask(url),
                    match.name(), match.commit());
            return match.commit();
        }
    }

    /** Checks out a commit without a credential, like the form with a {@link GitCredential}. */
    @Override
    public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
        checkOut(url, ref, commit, directory, null);
    }

    /**
     * Checks out the commit's tree into {@code directory} with the file modes and symbolic links of the commit and
     * without a {@code .git} entry. Git metadata lives in a temporary folder beside the directory while the commit is
     * fetched and is deleted afterwards. When the server rejects a fetch by SHA, the ref is fetched instead and the
     * commit must be reachable from it.
     *
     * @throws IllegalArgumentException when {@code directory} exists and is not an empty directory
     * @throws StepFailedException      when the commit cannot be fetched or written, after deleting what was written
     */
    @Override
    public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory,
                         GitCredential credential) {
        guard.requireAllowed(url);
        try (GitConnection connection = GitConnection.open(url, credential, guard)) {
            new CommitCheckout(this, connection, url, ref, commit, directory).run();
        }
        log.info("Checked out commit [{}] of repository [{}] at ref [{}] into [{}]", commit, GitFailures.mask(url),
                ref, directory);
    }

    // NOTE: The outbound-address policy checks an SSH host once, before the connection, while HTTP connections are
    // checked again at connect time. A host name that resolves differently between the two is not caught for SSH.
    Map<String, Ref> listRefs(RepositoryUrl url, GitConnection connection) {
        guard.requireAllowed(url);
        try {
            return Git.lsRemoteRepository()
                    .setRemote(url.value())
                    .setTimeout(settings.networkTimeoutSeconds())
                    .setTransportConfigCallback(connection.callback())
                    .callAsMap();
        } catch (GitAPIException | JGitInternalException e) {
            throw failure(url, e);
        }
    }

    OutboundGuard guard() {
        return guard;
    }

    /** Returns the outbound refusal behind a JGit failure, or the failure described for the user. */
    StepFailedException failure(RepositoryUrl url, Exception e) {
        OutboundAddressRefusedException refused = OutboundGuard.refusal(e);
        return refused != null ? refused : GitFailures.unreachable(url, e, settings.networkTimeoutSeconds());
    }
}
