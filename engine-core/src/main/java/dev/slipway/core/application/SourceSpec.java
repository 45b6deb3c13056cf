package dev.slipway.core.application;

import dev.slipway.core.spec.CheckoutPath;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;

/**
 * Where an application's code comes from and how its image is built.
 *
 * @param repositoryUrl the Git repository
 * @param ref           the branch, tag or commit that a deployment takes unless it names another
 * @param buildContext  the build context inside the repository
 * @param dockerfile    the Dockerfile, relative to the build context
 * @param credential    the encrypted credential for the repository, or null to connect without one
 */
public record SourceSpec(RepositoryUrl repositoryUrl, GitRef ref, CheckoutPath buildContext, CheckoutPath dockerfile,
                         SourceCredential credential) {

    public SourceSpec {
        if (repositoryUrl == null) {
            throw new InvalidInputException("repositoryUrl", "must not be empty", null);
        }
        if (ref == null) {
            throw new InvalidInputException("ref", "must not be empty", null);
        }
        buildContext = buildContext == null ? CheckoutPath.ROOT : buildContext;
        dockerfile = dockerfile == null ? new CheckoutPath("Dockerfile") : dockerfile;
        if (credential != null) {
            credential.requireFits(repositoryUrl);
        }
    }

    /** Creates a source without a credential. */
    public SourceSpec(RepositoryUrl repositoryUrl, GitRef ref, CheckoutPath buildContext, CheckoutPath dockerfile) {
        this(repositoryUrl, ref, buildContext, dockerfile, null);
    }

    /** Returns this source at another ref. */
    public SourceSpec withRef(GitRef otherRef) {
        return new SourceSpec(repositoryUrl, otherRef, buildContext, dockerfile, credential);
    }

    /** Returns this source with another credential, or without one when {@code otherCredential} is null. */
    public SourceSpec withCredential(SourceCredential otherCredential) {
        return new SourceSpec(repositoryUrl, ref, buildContext, dockerfile, otherCredential);
    }
}
