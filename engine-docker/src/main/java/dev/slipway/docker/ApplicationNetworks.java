package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.StepFailedException;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and removes the one bridge network of each application.
 *
 * <p>Docker allows several networks with one name, and its duplicate check on create does not stop creates that run
 * at the same time: five of six concurrent creates succeeded on Engine 20.10. So creation is serialized per
 * application within this process, and after a create every caller keeps the oldest network of the name and
 * removes the others. That makes two engine processes that race on one Docker host agree on a single network.
 */
final class ApplicationNetworks {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationNetworks.class);
    static final String NAME_PREFIX = "slipway-";
    private static final Comparator<Network> OLDEST_FIRST = Comparator
            .comparing((Network network) -> network.getCreated() == null ? new Date(0) : network.getCreated())
            .thenComparing(Network::getId);

    private final DockerClient api;
    private final DockerFailures failures;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private final String engineId;

    ApplicationNetworks(DockerClient api, DockerFailures failures, String engineId) {
        this.api = api;
        this.failures = failures;
        this.engineId = engineId;
    }

    static String nameOf(ApplicationId application) {
        return NAME_PREFIX + application;
    }

    String ensure(ApplicationId application) {
        String name = nameOf(application);
        synchronized (locks.computeIfAbsent(name, key -> new Object())) {
            List<Network> existing = find(name);
            if (!existing.isEmpty()) {
                requireManaged(existing.get(0), "use");
                if (existing.size() > 1) {
                    keepOldest(name, application);
                }
                return name;
            }
            create(name, application);
            keepOldest(name, application);
            return name;
        }
    }

    void remove(ApplicationId application) {
        String name = nameOf(application);
        for (Network network : find(name)) {
            requireManaged(network, "remove");
            disconnectProxy(network, application);
            try {
                api.removeNetworkCmd(network.getId()).exec();
                ChangeLog.record("removed", "network", network.getId(), name, network.getLabels());
            } catch (NotFoundException e) {
                LOG.debug("application [{}] network [{}] was already removed", application, name);
            } catch (DockerException e) {
                // The engine rejects the removal while containers are still attached.
                LOG.info("application [{}] network [{}] kept: {}", application, name, DockerFailures.reason(e));
            } catch (RuntimeException e) {
                throw failures.failure("remove network '" + name + "'", e, "Remove it again later.");
            }
        }
    }

    /**
     * Disconnects this engine's proxy from the network, because Docker keeps a network while a container is
     * connected. The proxy stays connected when the application's route was not removed, as when the engine stopped
     * between deleting the application and removing its route.
     */
    private void disconnectProxy(Network network, ApplicationId application) {
        String proxy = CaddyTrafficRouter.containerName(engineId);
        Map<String, Network.ContainerNetworkConfig> containers;
        try {
            containers = api.inspectNetworkCmd().withNetworkId(network.getId()).exec().getContainers();
        } catch (NotFoundException e) {
            return;
        } catch (RuntimeException e) {
            throw failures.failure("inspect network '" + network.getName() + "'", e, "Remove it again later.");
        }
        if (containers == null) {
            return;
        }
        for (Map.Entry<String, Network.ContainerNetworkConfig> container : containers.entrySet()) {
            if (!proxy.equals(container.getValue().getName())) {
                continue;
            }
            try {
                api.disconnectFromNetworkCmd().withNetworkId(network.getId()).withContainerId(container.getKey())
                        .withForce(true).exec();
                LOG.warn("application [{}] network [{}] was still connected to proxy [{}]; disconnected it, so the"
                        + " proxy may still route the application's domains to a removed container", application,
                        network.getName(), proxy);
            } catch (NotFoundException e) {
                LOG.debug("application [{}] proxy [{}] already left network [{}]", application, proxy,
                        network.getName());
            } catch (RuntimeException e) {
                throw failures.failure("disconnect proxy container '" + proxy + "' from network '"
                        + network.getName() + "'", e, "Remove the application's route, then remove it again.");
            }
        }
    }

    private void create(String name, ApplicationId application) {
        Map<String, String> labels = new HashMap<>(EngineLabels.forApplication(application));
        labels.put(EngineLabels.ENGINE, engineId);
        try {
            String id = api.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels)
                    .withCheckDuplicate(true).exec().getId();
            ChangeLog.record("created", "network", id, name, labels);
            LOG.info("application [{}] created network [{}]", application, name);
        } catch (ConflictException e) {
            LOG.debug("application [{}] network [{}] was created concurrently", application, name);
        } catch (RuntimeException e) {
            throw failures.failure("create network '" + name + "'", e, "Check the Docker engine's network setup.");
        }
    }

    private void keepOldest(String name, ApplicationId application) {
        List<Network> networks = find(name);
        if (networks.isEmpty()) {
            throw new StepFailedException("Unable to create network '" + name + "': it was removed right after it"
                    + " was created. Deploy again.");
        }
        requireManaged(networks.get(0), "use");
        for (Network duplicate : networks.subList(1, networks.size())) {
            if (!isManaged(duplicate)) {
                continue;
            }
            try {
                api.removeNetworkCmd(duplicate.getId()).exec();
                ChangeLog.record("removed duplicate", "network", duplicate.getId(), name, duplicate.getLabels());
            } catch (DockerException e) {
                LOG.debug("application [{}] duplicate network [{}] not removed: {}", application,
                        duplicate.getId(), DockerFailures.reason(e));
            }
        }
    }

    /** Returns the networks named exactly {@code name}, oldest first. Docker's name filter also matches parts. */
    private List<Network> find(String name) {
        try {
            return api.listNetworksCmd().withNameFilter(name).exec().stream()
                    .filter(network -> name.equals(network.getName()))
                    .sorted(OLDEST_FIRST)
                    .toList();
        } catch (RuntimeException e) {
            throw failures.failure("list networks named '" + name + "'", e, "Check the Docker engine.");
        }
    }

    private static boolean isManaged(Network network) {
        return network.getLabels() != null && "true".equals(network.getLabels().get(EngineLabels.MANAGED));
    }

    private static void requireManaged(Network network, String action) {
        if (!isManaged(network)) {
            throw new StepFailedException("Unable to " + action + " network '" + network.getName() + "': a network"
                    + " of that name exists but was not created by Slipway (label " + EngineLabels.MANAGED
                    + "=true is missing). Remove or rename that network, then deploy again.");
        }
    }
}
