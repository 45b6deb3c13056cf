package dev.slipway.core.runtime;

import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;

/**
 * Port to Git: resolves refs and checks out commits. The engine never runs a {@code git} process. Each operation has
 * a form with a {@link GitCredential}; the forms without one use none.
 */
public interface SourceRepository {

    /**
     * Resolves a branch, tag or full ref name to the commit it points at on the remote. A short name matches exactly
     * {@code refs/heads/<name>} or {@code refs/tags/<name>} and is rejected as ambiguous when it matches both. A
     * 40-digit commit SHA is returned as it is; {@link #checkOut} verifies that the commit exists.
     *
     * @throws StepFailedException when the repository cannot be reached or the ref does not exist there
     */
    CommitSha resolve(RepositoryUrl url, GitRef ref);

    /**
     * Checks out exactly the given commit into an empty directory, with no Git metadata left that later steps
     * could depend on. The directory must not exist yet or be empty.
     *
     * @throws StepFailedException      when the commit cannot be fetched or written
     * @throws IllegalArgumentException when the directory exists and is not empty
     */
    void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory);

    /**
     * Resolves a ref like {@link #resolve(RepositoryUrl, GitRef)}, authenticating with {@code credential} when it is
     * not null. This default supports no credential; adapters that do override it.
     *
     * @throws StepFailedException when the repository cannot be reached with the credential, or the ref does not
     *                             exist there. The message never contains a secret of the credential.
     */
    default CommitSha resolve(RepositoryUrl url, GitRef ref, GitCredential credential) {
        if (credential != null) {
            throw new StepFailedException("Unable to use a credential for repository '" + url.host() + "': this"
                    + " source repository adapter does not support credentials. Use the engine-git module.");
        }
        return resolve(url, ref);
    }

    /**
     * Checks out a commit like {@link #checkOut(RepositoryUrl, GitRef, CommitSha, Path)}, authenticating with
     * {@code credential} when it is not null. This default supports no credential; adapters that do override it.
     *
     * @throws StepFailedException      when the commit cannot be fetched with the credential or written. The message
     *                                  never contains a secret of the credential.
     * @throws IllegalArgumentException when the directory exists and is not empty
     */
    default void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory, GitCredential credential) {
        if (credential != null) {
            throw new StepFailedException("Unable to use a credential for repository '" + url.host() + "': this"
                    + " source repository adapter does not support credentials. Use the engine-git module.");
        }
        checkOut(url, ref, commit, directory);
    }
}
