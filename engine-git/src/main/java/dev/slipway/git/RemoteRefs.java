package dev.slipway.git;

import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/** Matches a ref name against the refs a remote advertises. Names match exactly, never by prefix or suffix. */
final class RemoteRefs {

    /** A ref the remote advertises and the commit it points at, with annotated tags peeled. */
    record Match(String name, CommitSha commit) {
    }

    private RemoteRefs() {
    }

    static Match find(RepositoryUrl url, GitRef ref, Map<String, Ref> advertised) {
        if (advertised.values().stream().noneMatch(r -> r.getObjectId() != null)) {
            throw new StepFailedException("Repository '" + GitFailures.mask(url)
                    + "' is empty: it has no branches or tags. Push a commit to it first.");
        }
        if (ref.isFullName()) {
            return match(url, ref, advertised.get(ref.value()));
        }
        Ref branch = advertised.get(Constants.R_HEADS + ref.value());
        Ref tag = advertised.get(Constants.R_TAGS + ref.value());
        if (branch != null && tag != null) {
            throw new StepFailedException("Ref '" + ref + "' is ambiguous in '" + GitFailures.mask(url)
                    + "': it names both a branch and a tag. Use 'refs/heads/" + ref + "' or 'refs/tags/" + ref
                    + "' instead.");
        }
        return match(url, ref, branch != null ? branch : tag);
    }

    private static Match match(RepositoryUrl url, GitRef ref, Ref found) {
        if (found == null || found.getObjectId() == null) {
            throw new StepFailedException("Ref '" + ref + "' not found in '" + GitFailures.mask(url)
                    + "'. Check the branch or tag name.");
        }
        // NOTE: a server that does not advertise peeled tags leaves an annotated tag unpeeled, so the tag object's
        // id is returned. The checkout of that id then fails because it is not a commit. Git servers advertise peeled
        // tags as '^{}' lines in protocol v0, and in v2 because the JGit client sends 'peel' with ls-refs.
        ObjectId peeled = found.getPeeledObjectId();
        ObjectId target = peeled != null ? peeled : found.getObjectId();
        return new Match(found.getName(), new CommitSha(target.name()));
    }
}
