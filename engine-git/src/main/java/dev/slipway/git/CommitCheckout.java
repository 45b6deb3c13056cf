package dev.slipway.git;

import dev.slipway.core.policy.OutboundAddressRefusedException;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.dircache.InvalidPathException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One checkout of one commit into one directory. Git metadata is kept in a temporary folder beside the directory and
 * deleted at the end. On failure, whatever this checkout wrote is deleted as well.
 */
final class CommitCheckout {

    private static final Logger log = LoggerFactory.getLogger(CommitCheckout.class);
    private static final String CHECKOUT_REF = "refs/slipway/checkout";
    private static final String FALLBACK_REFS = "refs/slipway/fallback/";

    private final JGitSourceRepository source;
    private final GitConnection connection;
    private final RepositoryUrl url;
    private final GitRef ref;
    private final CommitSha commit;
    private final Path directory;
    private final int timeoutSeconds;

    CommitCheckout(JGitSourceRepository source, GitConnection connection, RepositoryUrl url, GitRef ref,
                   CommitSha commit, Path directory) {
        this.source = source;
        this.connection = connection;
        this.url = url;
        this.ref = ref;
        this.commit = commit;
        this.directory = directory.toAbsolutePath().normalize();
        this.timeoutSeconds = source.settings().networkTimeoutSeconds();
    }

    void run() {
        CheckoutDirectory target;
        try {
            target = CheckoutDirectory.create(directory);
        } catch (IOException e) {
            throw GitFailures.writeFailed(url, commit, directory.toString(), e);
        }
        Path metadata = null;
        try {
            metadata = target.createMetadataFolder();
            checkOutWith(metadata);
        } catch (IOException | JGitInternalException e) {
            target.deleteWritten();
            throw GitFailures.writeFailed(url, commit, directory.toString(), e);
        } catch (RuntimeException e) {
            target.deleteWritten();
            throw e;
        } finally {
            if (metadata != null) {
                CheckoutDirectory.deleteTree(metadata);
            }
        }
    }

    private void checkOutWith(Path metadata) throws IOException {
        try (Repository repository = new FileRepositoryBuilder()
                .setGitDir(metadata.toFile())
                .setWorkTree(directory.toFile())
                .build()) {
            repository.create(false);
            configureExactCheckout(repository);
            ObjectId wanted = ObjectId.fromString(commit.value());
            fetch(repository, wanted);
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit target = walk.parseCommit(wanted);
                writeTree(repository, target);
                verify(repository, target);
            }
        }
        // FileRepository.create wrote a '.git' file into the work tree that points at the metadata folder.
        Files.deleteIfExists(directory.resolve(Constants.DOT_GIT));
    }

    /** Overrides user and system settings that would change file content or modes on checkout. */
    private static void configureExactCheckout(Repository repository) throws IOException {
        StoredConfig config = repository.getConfig();
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOCRLF, false);
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_FILEMODE, true);
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS, true);
        // JGit starts an automatic garbage collection in the background after a fetch unless fetch.autogc is false,
        // and that collection would still be writing to the metadata folder while the checkout deletes it.
        config.setBoolean(ConfigConstants.CONFIG_FETCH_SECTION, null, "autogc", false);
        config.save();
    }

    // NOTE: fetched objects are not checked with JGit's ObjectChecker. FetchCommand.setCheckFetchedObjects(true)
    // also demands a complete object graph, which a fetch at depth 1 never has (JGit 7.8). Paths are still checked
    // when the tree is written, see writeTree.
    private void fetch(Repository repository, ObjectId wanted) throws IOException {
        try (Git git = Git.wrap(repository)) {
            git.fetch()
                    .setRemote(url.value())
                    .setRefSpecs(new RefSpec(wanted.name() + ":" + CHECKOUT_REF))
                    .setDepth(1)
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout(timeoutSeconds)
                    .setTransportConfigCallback(connection.callback())
                    .call();
            requireCommit(repository, wanted);
        } catch (GitAPIException | JGitInternalException | MissingObjectException e) {
            rethrowRefusal(e);
            if (!GitFailures.mayBeRejectedWant(e)) {
                throw GitFailures.fetchFailed(url, ref, commit, e, timeoutSeconds);
            }
            log.warn("Fetch of commit [{}] by SHA from repository [{}] failed ({}), so fetching ref [{}] instead",
                    commit, GitFailures.mask(url), GitFailures.describe(url, e), ref);
            fetchRefContaining(repository, wanted);
        }
    }

    private static void rethrowRefusal(Exception failure) {
        OutboundAddressRefusedException refused = OutboundGuard.refusal(failure);
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Fetches the ref with its history and checks that the commit is reachable from it. When the ref is a SHA,
     * every branch and tag is fetched instead.
     */
    private void fetchRefContaining(Repository repository, ObjectId wanted) throws IOException {
        List<RefSpec> specs = ref.isCommit()
                ? List.of(new RefSpec("+refs/heads/*:" + FALLBACK_REFS + "heads/*"),
                        new RefSpec("+refs/tags/*:" + FALLBACK_REFS + "tags/*"))
                : List.of(new RefSpec("+" + RemoteRefs.find(url, ref, source.listRefs(url, connection)).name() + ":"
                        + FALLBACK_REFS + "ref"));
        try (Git git = Git.wrap(repository)) {
            git.fetch()
                    .setRemote(url.value())
                    .setRefSpecs(specs)
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout(timeoutSeconds)
                    .setTransportConfigCallback(connection.callback())
                    .call();
        } catch (GitAPIException | JGitInternalException e) {
            rethrowRefusal(e);
            throw GitFailures.fetchFailed(url, ref, commit, e, timeoutSeconds);
        }
        if (!isReachable(repository, wanted)) {
            throw new StepFailedException("Commit '" + commit + "' is not reachable from ref '" + ref + "' in '"
                    + GitFailures.mask(url) + "'. Check that the commit was pushed to that ref and was not removed"
                    + " by a force-push.");
        }
    }

    private static boolean isReachable(Repository repository, ObjectId wanted) throws IOException {
        if (!repository.getObjectDatabase().has(wanted)) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevObject object = walk.parseAny(wanted);
            if (object.getType() != Constants.OBJ_COMMIT) {
                return false;
            }
            RevCommit target = (RevCommit) object;
            for (Ref tip : repository.getRefDatabase().getRefsByPrefix(FALLBACK_REFS)) {
                walk.reset();
                if (walk.isMergedInto(target, walk.parseCommit(tip.getObjectId()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void requireCommit(Repository repository, ObjectId wanted) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            if (walk.parseAny(wanted).getType() != Constants.OBJ_COMMIT) {
                throw new StepFailedException("Object '" + commit + "' in '" + GitFailures.mask(url)
                        + "' is not a commit. Deploy a branch, a tag or a commit SHA.");
            }
        }
    }

    private void writeTree(Repository repository, RevCommit target) throws IOException {
        DirCache index = repository.lockDirCache();
        DirCacheCheckout checkout = new DirCacheCheckout(repository, index, target.getTree());
        checkout.setFailOnConflict(true);
        try {
            // DirCacheCheckout rejects paths that Git never writes, such as '.git' or '..' components.
            checkout.checkout();
        } catch (InvalidPathException e) {
            String path = GitFailures.printable(url, e.getMessage()).replaceFirst("^Invalid path: ", "");
            throw new StepFailedException("Unable to check out commit '" + commit + "' of '" + GitFailures.mask(url)
                    + "': its tree contains the invalid path '" + path + "'. Remove or rename that path in a new"
                    + " commit and deploy that commit.", e);
        }
        RefUpdate head = repository.updateRef(Constants.HEAD, true);
        head.setNewObjectId(target);
        head.forceUpdate();
    }

    /** Checks that HEAD names the commit and that the written index has exactly the commit's tree. */
    private void verify(Repository repository, RevCommit target) throws IOException {
        ObjectId head = repository.resolve(Constants.HEAD);
        ObjectId writtenTree;
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            writtenTree = repository.readDirCache().writeTree(inserter);
        }
        if (!target.equals(head) || !target.getTree().equals(writtenTree)) {
            throw new StepFailedException("Checkout of commit '" + commit + "' of '" + GitFailures.mask(url)
                    + "' into '" + directory + "' does not match the commit: HEAD is '" + ObjectId.toString(head)
                    + "'. Retry the deployment.");
        }
    }
}
