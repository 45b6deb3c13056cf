package dev.slipway.core.runtime;

import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;

/** Port to Git: resolves refs and checks out commits. The engine never runs a {@code git} process. */
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
}
