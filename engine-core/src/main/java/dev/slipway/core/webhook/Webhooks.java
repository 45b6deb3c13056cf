package dev.slipway.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.FindWebhookSecretQuery;
import dev.slipway.core.application.RemoveWebhookCommand;
import dev.slipway.core.application.RequestDeploymentCommand;
import dev.slipway.core.application.SetWebhookCommand;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.IdempotencyKey;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.PrintableText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and removes the push webhooks of applications, and turns a signed push delivery into a deployment request.
 *
 * <p>A delivery is authenticated before its body is parsed, against its exact bytes: by the GitHub, Gitea and
 * Forgejo header {@value #SIGNATURE_HEADER} ({@code sha256=} and the hex HMAC-SHA256 of the body under the secret),
 * or by the GitLab header {@value #GITLAB_TOKEN_HEADER}, which contains the secret itself. Both are compared in
 * constant time. A push to the application's configured branch then requests a deployment of the pushed commit as
 * the caller {@code webhook:<applicationId>}, which the engine's access checks allow to do nothing else. The
 * delivery id becomes the deployment's idempotency key and the request's correlation id, so a redelivery returns
 * the same deployment and the audit log shows the delivery id.
 */
public final class Webhooks {

    /** The path under which deliveries are received; the application id follows it. */
    public static final String DELIVERY_PATH = "/api/webhooks/";
    /** GitHub, Gitea and Forgejo header with the HMAC-SHA256 signature of the body. */
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    /** GitLab header that contains the secret itself. */
    public static final String GITLAB_TOKEN_HEADER = "X-Gitlab-Token";
    /** The number of random bytes in a webhook secret. */
    public static final int SECRET_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final String SIGNATURE_PREFIX = "sha256=";
    private static final String HMAC = "HmacSHA256";
    private static final String GITHUB_EVENT = "X-GitHub-Event";
    private static final String GITEA_EVENT = "X-Gitea-Event";
    private static final String GITLAB_EVENT = "X-Gitlab-Event";
    private static final String[] DELIVERY_HEADERS = {"X-GitHub-Delivery", "X-Gitea-Delivery", "X-Gitlab-Event-UUID"};
    private static final String BRANCH_PREFIX = "refs/heads/";
    private static final String TAG_PREFIX = "refs/tags/";
    private static final String DELETED_COMMIT = "0".repeat(40);
    /** The prefix of a delivery id in the idempotency key of its deployment. */
    private static final String DELIVERY_KEY_PREFIX = "webhook:";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern APPLICATION_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final SecretVault vault;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();

    /** Creates the webhooks of an engine; without a vault (no master key), creating a webhook is rejected. */
    public Webhooks(CommandGateway commandGateway, QueryGateway queryGateway, SecretVault vault) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.vault = vault;
    }

    /**
     * Creates the webhook of an application, or replaces its secret, and returns the new secret, which is never
     * readable again. The caller needs the admin role in the application's team.
     *
     * @throws NotFoundException when the application does not exist or the caller may not see it
     * @throws dev.slipway.core.access.AccessDeniedException when the caller's role is below admin
     * @throws SecretException when the engine has no master key or the application's key was destroyed
     */
    public CreatedWebhook create(RequestContext context, ApplicationId applicationId) {
        if (vault == null) {
            throw new SecretException("Unable to create the webhook of application '" + applicationId + "': this"
                    + " engine runs without a master key. Configure slipway.secrets.master-key-file or the"
                    + " environment variable " + MasterKey.ENVIRONMENT_VARIABLE + ", then create it again.");
        }
        // The lookup comes first, so that no data key is created for an application that does not exist.
        requireApplication(context, applicationId);
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        EncryptedSecret encrypted = vault.encryptUnmasked(applicationId, SetWebhookCommand.SECRET_NAME, secret);
        send(context, new SetWebhookCommand(applicationId, encrypted), applicationId);
        log.info("application [{}] webhook secret set with key [{}] by [{}] in request [{}]", applicationId,
                encrypted.keyId(), context.caller(), context.correlationId());
        return new CreatedWebhook(applicationId, DELIVERY_PATH + applicationId, secret);
    }

    /**
     * Removes the webhook of an application, so that its deliveries are rejected. The caller needs the admin role.
     *
     * @throws NotFoundException when the application does not exist or the caller may not see it
     */
    public void remove(RequestContext context, ApplicationId applicationId) {
        send(context, new RemoveWebhookCommand(applicationId), applicationId);
        log.info("application [{}] webhook removed by [{}] in request [{}]", applicationId, context.caller(),
                context.correlationId());
    }

    /**
     * Authenticates a delivery and acts on it: a ping returns {@link WebhookResult.Outcome#PONG}, a push to the
     * application's configured branch requests a deployment of that branch, and every other event is ignored.
     *
     * @throws WebhookRejectedException when the application does not exist, has no webhook, or the signature or
     *                                  token is missing or wrong. The message is the same in each case.
     * @throws InvalidInputException    when the verified body is not a JSON object or lacks a field, naming it
     */
    public WebhookResult receive(WebhookDelivery delivery) {
        ApplicationId applicationId = verify(delivery);
        String event = firstHeader(delivery, GITHUB_EVENT, GITEA_EVENT, GITLAB_EVENT);
        if (event == null) {
            throw InvalidInputException.withoutValue(GITHUB_EVENT, "must name the event. Send one of the headers "
                    + GITHUB_EVENT + ", " + GITEA_EVENT + " or " + GITLAB_EVENT);
        }
        if ("ping".equals(event)) {
            log.info("application [{}] webhook ping from [{}]", applicationId, delivery.clientAddress());
            return WebhookResult.pong();
        }
        if (!"push".equals(event) && !"Push Hook".equals(event)) {
            return ignored(applicationId, delivery, "event '" + PrintableText.of(event) + "' is not a push");
        }
        return handlePush(applicationId, delivery, delivery.header(GITLAB_EVENT) != null);
    }

    /**
     * Requests a deployment of the application's branch when the push updated it. The deployment resolves the
     * branch to its newest commit, so a delivery cannot deploy a commit that is not on the branch.
     */
    private WebhookResult handlePush(ApplicationId applicationId, WebhookDelivery delivery, boolean gitlab) {
        JsonNode push = parse(delivery.body());
        String ref = requireText(push, "ref");
        String commitField = gitlab && push.hasNonNull("checkout_sha") ? "checkout_sha" : "after";
        String commit = requireText(push, commitField);
        if (!COMMIT.matcher(commit).matches()) {
            throw InvalidInputException.withoutValue(commitField,
                    "must be a commit id of 40 lower-case hexadecimal digits");
        }
        String deliveryId = deliveryId(delivery);

        if (ref.startsWith(TAG_PREFIX)) {
            return ignored(applicationId, delivery, "tag '" + PrintableText.of(ref.substring(TAG_PREFIX.length()))
                    + "' is not a branch");
        }
        if (!ref.startsWith(BRANCH_PREFIX)) {
            return ignored(applicationId, delivery, "ref '" + PrintableText.of(ref) + "' is not a branch");
        }
        ApplicationView application = findApplication(applicationId).orElseThrow(() -> reject(delivery));
        String branch = ref.substring(BRANCH_PREFIX.length());
        String configured = application.ref().startsWith(BRANCH_PREFIX)
                ? application.ref().substring(BRANCH_PREFIX.length()) : application.ref();
        if (!branch.equals(configured)) {
            return ignored(applicationId, delivery, "branch '" + PrintableText.of(branch)
                    + "' is not the application's branch '" + configured + "'");
        }
        if (DELETED_COMMIT.equals(commit)) {
            return ignored(applicationId, delivery, "branch '" + configured + "' was deleted");
        }

        return requestDeployment(applicationId, delivery, new GitRef(application.ref()), commit, deliveryId);
    }

    /**
     * Requests the deployment as the caller {@code webhook:<applicationId>}. The delivery id, when there is one, is
     * the request's correlation id, and with the prefix {@value #DELIVERY_KEY_PREFIX} its idempotency key, so that it
     * cannot match the idempotency key of a client's request.
     */
    private WebhookResult requestDeployment(ApplicationId applicationId, WebhookDelivery delivery, GitRef ref,
                                            String pushedCommit, String deliveryId) {
        RequestContext context = new RequestContext(Caller.webhook(applicationId), delivery.clientAddress(),
                deliveryId, delivery.userAgent(), UUID.randomUUID().toString(), null);
        IdempotencyKey key = deliveryId == null ? null : new IdempotencyKey(DELIVERY_KEY_PREFIX + deliveryId);
        RequestDeploymentCommand command = new RequestDeploymentCommand(applicationId, DeploymentId.random(), ref,
                key);
        DeploymentId deploymentId;
        try {
            deploymentId = commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(context.toMetaData()));
        } catch (AggregateNotFoundException e) {
            // The application was deleted after the signature was checked.
            throw reject(delivery);
        }
        log.info("application [{}] webhook delivery [{}] from [{}] requested deployment [{}] of ref [{}] after a push"
                + " of commit [{}]", applicationId, context.correlationId(), delivery.clientAddress(), deploymentId,
                ref.value(), pushedCommit);
        return WebhookResult.requested(deploymentId);
    }

    /**
     * Returns the application whose webhook signed the delivery. The signature is computed also when there is no
     * webhook, with a random key, so that the HMAC step takes as long for an unknown application. NOTE: decrypting a
     * stored secret adds time that was not measured, so the response time may still show that a webhook exists.
     */
    private ApplicationId verify(WebhookDelivery delivery) {
        ApplicationId applicationId = parseApplicationId(delivery.applicationId());
        byte[] secret = applicationId == null ? null : secretOf(applicationId);
        boolean known = secret != null;
        if (!known) {
            secret = new byte[SECRET_BYTES];
            random.nextBytes(secret);
        }
        String signature = delivery.header(SIGNATURE_HEADER);
        String token = delivery.header(GITLAB_TOKEN_HEADER);
        boolean valid;
        if (signature != null) {
            valid = signatureMatches(secret, signature, delivery.body());
        } else if (token != null) {
            valid = MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8));
        } else {
            valid = false;
        }
        if (!known || !valid) {
            throw reject(delivery);
        }
        return applicationId;
    }

    private static boolean signatureMatches(byte[] secret, String signature, byte[] body) {
        if (!signature.startsWith(SIGNATURE_PREFIX)) {
            return false;
        }
        byte[] sent;
        try {
            sent = HexFormat.of().parseHex(signature.substring(SIGNATURE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return MessageDigest.isEqual(mac.doFinal(body), sent);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** Returns the decrypted secret of the application's webhook, or null when it has none or it cannot be read. */
    private byte[] secretOf(ApplicationId applicationId) {
        if (vault == null) {
            return null;
        }
        Optional<EncryptedSecret> stored = queryGateway.query(new FindWebhookSecretQuery(applicationId),
                ResponseTypes.optionalInstanceOf(EncryptedSecret.class)).join();
        if (stored.isEmpty()) {
            return null;
        }
        try {
            return vault.decryptUnmasked(applicationId, SetWebhookCommand.SECRET_NAME, stored.get())
                    .getBytes(StandardCharsets.UTF_8);
        } catch (SecretException e) {
            log.warn("application [{}] webhook secret cannot be decrypted, so its deliveries are rejected: {}",
                    applicationId, e.getMessage());
            return null;
        }
    }

    private WebhookRejectedException reject(WebhookDelivery delivery) {
        String applicationId = APPLICATION_ID.matcher(String.valueOf(delivery.applicationId())).matches()
                ? delivery.applicationId() : "invalid id";
        log.warn("webhook delivery to application [{}] from [{}] rejected: the application has no webhook, or the"
                + " signature or token is missing or wrong", applicationId, delivery.clientAddress());
        return new WebhookRejectedException();
    }

    private static ApplicationId parseApplicationId(String text) {
        if (text == null || !APPLICATION_ID.matcher(text).matches()) {
            return null;
        }
        return ApplicationId.of(text);
    }

    private JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw InvalidInputException.withoutValue("body", "must be a JSON object, but it is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw InvalidInputException.withoutValue("body", "must be a JSON object");
        }
        return root;
    }

    private static String requireText(JsonNode push, String field) {
        JsonNode value = push.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw InvalidInputException.withoutValue(field, "must be a non-empty string in the push event");
        }
        return value.asText();
    }

    /**
     * Returns the delivery id, or null when the delivery has none.
     *
     * @throws InvalidInputException naming the header when the id, with the prefix of delivery keys, is no valid
     *                               idempotency key
     */
    private static String deliveryId(WebhookDelivery delivery) {
        for (String header : DELIVERY_HEADERS) {
            String value = delivery.header(header);
            if (value != null) {
                try {
                    new IdempotencyKey(DELIVERY_KEY_PREFIX + value);
                } catch (InvalidInputException e) {
                    throw InvalidInputException.withoutValue(header, "must be 1 to "
                            + (IdempotencyKey.MAX_LENGTH - DELIVERY_KEY_PREFIX.length())
                            + " characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'");
                }
                return value;
            }
        }
        return null;
    }

    private static String firstHeader(WebhookDelivery delivery, String... names) {
        for (String name : names) {
            String value = delivery.header(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static WebhookResult ignored(ApplicationId applicationId, WebhookDelivery delivery, String reason) {
        log.info("application [{}] webhook delivery from [{}] ignored: {}", applicationId, delivery.clientAddress(),
                reason);
        return WebhookResult.ignored(reason);
    }

    private Optional<ApplicationView> findApplication(ApplicationId applicationId) {
        return queryGateway.query(new FindApplicationQuery(applicationId),
                ResponseTypes.optionalInstanceOf(ApplicationView.class)).join();
    }

    private void requireApplication(RequestContext context, ApplicationId applicationId) {
        Optional<ApplicationView> found = queryGateway.query(
                GenericMessage.asMessage(new FindApplicationQuery(applicationId)).andMetaData(context.toMetaData()),
                ResponseTypes.optionalInstanceOf(ApplicationView.class)).join();
        if (found.isEmpty()) {
            throw new NotFoundException("application", applicationId.toString());
        }
    }

    private void send(RequestContext context, Object command, ApplicationId applicationId) {
        RequestContext call = context.causationId() == null
                ? context.withCausationId(UUID.randomUUID().toString()) : context;
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(call.toMetaData()));
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("application", applicationId.toString());
        }
    }
}
