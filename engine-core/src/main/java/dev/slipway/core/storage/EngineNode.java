package dev.slipway.core.storage;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentRecovery;
import dev.slipway.core.deployment.DeploymentSaga;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.ResumeDeploymentStepCommand;
import dev.slipway.core.engine.ClusterSettings;
import dev.slipway.core.engine.EngineComponents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine node among several on one PostgreSQL database. At each heartbeat interval it renews its row in
 * {@code slipway_engine_node}, releases a segment of the deployment saga's processor while it holds more than its
 * share, and takes over the deployments of nodes whose heartbeat is older than the claim timeout. A deployment
 * that the stopped node held at RESOLVE_COMMIT, CHECK_OUT or BUILD_IMAGE runs that step again on the node that has
 * claimed its saga segment. Any other deployment fails with a reason that names the stopped node and the step it
 * ran, and what it started is removed. Segments of a stopped node are taken over by Axon's token claims, which
 * expire after the same claim timeout.
 */
final class EngineNode {

    /**
     * The lifecycle phase in which a node starts, before Axon's components, so that leases of a previous run are
     * marked before this run's saga writes new ones under the same node id.
     */
    static final int PHASE = Phase.EXTERNAL_CONNECTIONS - 1;

    private static final Logger log = LoggerFactory.getLogger(EngineNode.class);

    /** Nodes whose heartbeat is this many claim timeouts old and that hold no deployment are removed from the table. */
    private static final int FORGET_AFTER_TIMEOUTS = 10;

    private static final String HEARTBEAT = "INSERT INTO slipway_engine_node (node_id, started_at, heartbeat_at)"
            + " VALUES (?, now(), now()) ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()";
    private static final String START = "INSERT INTO slipway_engine_node (node_id, started_at, heartbeat_at)"
            + " VALUES (?, now(), now()) ON CONFLICT (node_id) DO UPDATE SET started_at = now(), heartbeat_at = now()";
    private static final String HEARTBEAT_AGE = "SELECT EXTRACT(EPOCH FROM now() - heartbeat_at) * 1000"
            + " FROM slipway_engine_node WHERE node_id = ?";
    private static final String LIVE_NODES = "SELECT count(*) FROM slipway_engine_node"
            + " WHERE heartbeat_at > now() - make_interval(secs => ?)";
    private static final String ORPHANED = "SELECT l.deployment_id, l.node_id, l.step FROM slipway_deployment_lease l"
            + " LEFT JOIN slipway_engine_node n ON n.node_id = l.node_id WHERE l.node_id <> ?"
            + " AND (n.node_id IS NULL OR n.heartbeat_at < now() - make_interval(secs => ?))";
    private static final String CLAIM = "UPDATE slipway_deployment_lease SET node_id = ?, updated_at = now()"
            + " WHERE deployment_id = ? AND node_id = ?";
    // NOTE: no test restarts a node under the same node id; the take-over of its previous run's deployments is
    // covered only through the case of a node with another id.
    private static final String MARK_PREVIOUS_RUN = "UPDATE slipway_deployment_lease SET node_id = node_id || ?"
            + " WHERE node_id = ?";
    private static final String FORGET = "DELETE FROM slipway_engine_node n WHERE n.heartbeat_at"
            + " < now() - make_interval(secs => ?) AND NOT EXISTS"
            + " (SELECT 1 FROM slipway_deployment_lease l WHERE l.node_id = n.node_id)";

    private final DataSource dataSource;
    private final ClusterSettings settings;
    private final Configuration axon;
    private final EngineComponents components;
    private final CommandGateway commandGateway;
    private ScheduledExecutorService scheduler;

    EngineNode(DataSource dataSource, ClusterSettings settings, Configuration axon, EngineComponents components,
               CommandGateway commandGateway) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.axon = axon;
        this.components = components;
        this.commandGateway = commandGateway;
    }

    /**
     * Writes the first heartbeat, and hands the deployments that a previous run of a node with the same id left
     * behind to the take-over, under the node id with {@code (previous run)} appended. A previous run's heartbeat
     * younger than the claim timeout means that it may still run, so the start waits for the heartbeat to age.
     *
     * @throws IllegalStateException when another process with this node id keeps sending heartbeats
     */
    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        awaitNodeIdFree();
        update(connection -> connection.prepareStatement(MARK_PREVIOUS_RUN), " (previous run)", settings.nodeId());
        update(connection -> connection.prepareStatement(START), settings.nodeId());
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slipway-node-" + settings.nodeId());
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        log.info("engine node [{}] started: {} saga segments, claim timeout {} ms", settings.nodeId(),
                settings.segments(), settings.claimTimeout().toMillis());
    }

    /**
     * Waits until the last heartbeat under this node id is older than the claim timeout, for at most twice that time.
     * A killed run of this node stops sending heartbeats, but a live process with the same id keeps sending them.
     */
    private void awaitNodeIdFree() {
        long timeout = settings.claimTimeout().toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * timeout);
        boolean logged = false;
        while (true) {
            Long age = heartbeatAgeMillis();
            if (age == null || age >= timeout) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Engine node id '" + settings.nodeId() + "' is in use: a process with"
                        + " this id sent a heartbeat " + age + " ms ago and keeps sending them. Give each node its own"
                        + " slipway.cluster.node-id (ClusterSettings nodeId).");
            }
            if (!logged) {
                log.warn("engine node [{}] waits up to {} ms for the heartbeat of an earlier process with this id to"
                        + " age: its last heartbeat was {} ms ago", settings.nodeId(), 2 * timeout, age);
                logged = true;
            }
            try {
                Thread.sleep(Math.min(timeout - age + 50, settings.heartbeatInterval().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while engine node [" + settings.nodeId()
                        + "] waited for its id to be free", e);
            }
        }
    }

    /** Returns how long ago this node id's last heartbeat was, in milliseconds, or null when it has none. */
    private Long heartbeatAgeMillis() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(HEARTBEAT_AGE)) {
            statement.setString(1, settings.nodeId());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? (long) rows.getDouble(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Unable to read the heartbeat of engine node [" + settings.nodeId()
                    + "]: " + e.getMessage(), e);
        }
    }

    /** Stops the heartbeats. The node's leases stay, so another node takes over what it still ran. */
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
            log.info("engine node [{}] stopped", settings.nodeId());
        }
    }

    synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Runs one round. An error is logged, so that the next round still runs. */
    void tick() {
        try {
            update(connection -> connection.prepareStatement(HEARTBEAT), settings.nodeId());
            balanceSegments();
            takeOverStoppedNodes();
            update(connection -> connection.prepareStatement(FORGET), timeoutSeconds() * FORGET_AFTER_TIMEOUTS);
        } catch (RuntimeException e) {
            log.error("engine node [{}] heartbeat round failed", settings.nodeId(), e);
        }
    }

    /**
     * Releases one segment for a claim timeout while this node holds more than the segments divided by the live
     * nodes, rounded up, so that a node that joins gets segments from the nodes that hold them.
     */
    private void balanceSegments() {
        Optional<StreamingEventProcessor> processor = runningProcessor(DeploymentSaga.PROCESSING_GROUP);
        if (processor.isEmpty()) {
            return;
        }
        long liveNodes = Math.max(1, count(connection -> connection.prepareStatement(LIVE_NODES), timeoutSeconds()));
        long share = (settings.segments() + liveNodes - 1) / liveNodes;
        Set<Integer> heldSegments = processor.get().processingStatus().keySet();
        if (heldSegments.size() > share) {
            int segment = heldSegments.stream().mapToInt(Integer::intValue).max().orElseThrow();
            log.info("engine node [{}] holds {} of {} saga segments with {} live nodes; releasing segment [{}]",
                    settings.nodeId(), heldSegments.size(), settings.segments(), liveNodes, segment);
            processor.get().releaseSegment(segment, settings.claimTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Takes over the deployments of stopped nodes once this node's saga processor runs, which happens after the
     * engine's start-up has rebuilt the read models that the clean-up reads.
     */
    private void takeOverStoppedNodes() {
        if (runningProcessor(DeploymentSaga.PROCESSING_GROUP).isEmpty()) {
            return;
        }
        for (Lease lease : orphanedLeases()) {
            int claimed = update(connection -> connection.prepareStatement(CLAIM), settings.nodeId(),
                    lease.deploymentId(), lease.nodeId());
            if (claimed != 1) {
                continue;
            }
            DeploymentId deploymentId = DeploymentId.of(lease.deploymentId());
            try {
                if (lease.step() != null && ResumeDeploymentStepCommand.RESUMABLE_STEPS.contains(lease.step())) {
                    DeploymentRecovery.resumeOrphaned(commandGateway, deploymentId, lease.step(), lease.nodeId());
                    continue;
                }
                boolean failed = DeploymentRecovery.endOrphaned(commandGateway, components.deployments(),
                        components.applications(), components.stepRunner(), deploymentId, lease.step(),
                        lease.nodeId());
                if (!failed) {
                    log.info("deployment [{}] had ended before node [{}] stopped; removing its lease", deploymentId,
                            lease.nodeId());
                    new JdbcStepLeases(dataSource, settings.nodeId()).release(deploymentId);
                }
            } catch (RuntimeException e) {
                log.error("deployment [{}] step [{}] of stopped node [{}] could not be ended; retrying next round",
                        deploymentId, lease.step(), lease.nodeId(), e);
                update(connection -> connection.prepareStatement(CLAIM), lease.nodeId(), lease.deploymentId(),
                        settings.nodeId());
            }
        }
    }

    private Optional<StreamingEventProcessor> runningProcessor(String processingGroup) {
        return axon.eventProcessingConfiguration()
                .eventProcessorByProcessingGroup(processingGroup, StreamingEventProcessor.class)
                .filter(StreamingEventProcessor::isRunning);
    }

    private List<Lease> orphanedLeases() {
        List<Lease> leases = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(ORPHANED)) {
            statement.setString(1, settings.nodeId());
            statement.setLong(2, timeoutSeconds());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String step = rows.getString(3);
                    leases.add(new Lease(rows.getString(1), rows.getString(2),
                            step == null ? null : DeploymentStep.valueOf(step)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Unable to read the deployment leases: " + e.getMessage(), e);
        }
        return leases;
    }

    private long timeoutSeconds() {
        return Math.max(1, settings.claimTimeout().toSeconds());
    }

    private long count(StatementFactory sql, long seconds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = sql.prepare(connection)) {
            statement.setLong(1, seconds);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Unable to count the live engine nodes: " + e.getMessage(), e);
        }
    }

    private int update(StatementFactory sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = sql.prepare(connection)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Unable to update the engine node table for node ["
                    + settings.nodeId() + "]: " + e.getMessage(), e);
        }
    }

    /** Prepares one of the constant statements of this class, so that no SQL text passes through a parameter. */
    @FunctionalInterface
    private interface StatementFactory {
        PreparedStatement prepare(Connection connection) throws SQLException;
    }

    /** A deployment that another node holds. */
    private record Lease(String deploymentId, String nodeId, DeploymentStep step) {
    }
}
