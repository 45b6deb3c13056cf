package dev.slipway.core.runtime;

import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;

/** Port to Git: resolves refs and checks out commits. The engine never runs a {@code git} process. */
public interface SourceRepository {

    /**
     * Resolves a branch, tag or full ref name to the commit it points at on the remote, or checks that a commit
     * SHA exists there. A short name resolves to {@code refs/heads/<name>} first, then {@code refs/tags/<name>}.
     *
     * @throws StepFailedException when the repository cannot be reached or the ref does not exist there
     */
    CommitSha resolve(RepositoryUrl url, GitRef ref);

    /**
     * Checks out exactly the given commit into an empty directory, with no Git metadata left that later steps
     * could depend on. The directory must not exist yet or be empty.
     *
     * @throws StepFailedException when the commit cannot be fetched or written
     */
    void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory);
}
