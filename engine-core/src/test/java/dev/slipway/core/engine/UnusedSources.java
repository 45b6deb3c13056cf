package dev.slipway.core.engine;

import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;

/** A Git port for engine tests that never deploy: each call fails the test. */
final class UnusedSources implements SourceRepository {

    @Override
    public CommitSha resolve(RepositoryUrl url, GitRef ref) {
        throw new AssertionError("resolve must not run");
    }

    @Override
    public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
        throw new AssertionError("checkOut must not run");
    }
}
