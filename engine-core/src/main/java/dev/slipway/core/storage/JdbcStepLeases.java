package dev.slipway.core.storage;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.StepLeases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in {@code slipway_deployment_lease} which node runs each deployment that has not ended. A failed write
 * is logged and not raised, so the step still runs, but a take-over after this node stops would miss the deployment.
 */
final class JdbcStepLeases implements StepLeases {

    private static final Logger log = LoggerFactory.getLogger(JdbcStepLeases.class);

    private static final String HOLD = "INSERT INTO slipway_deployment_lease (deployment_id, node_id, step, updated_at)"
            + " VALUES (?, ?, ?, now()) ON CONFLICT (deployment_id) DO UPDATE SET node_id = EXCLUDED.node_id,"
            + " step = EXCLUDED.step, updated_at = EXCLUDED.updated_at";
    private static final String RELEASE = "DELETE FROM slipway_deployment_lease WHERE deployment_id = ?";

    private final DataSource dataSource;
    private final String nodeId;

    JdbcStepLeases(DataSource dataSource, String nodeId) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
    }

    @Override
    public void hold(DeploymentId deploymentId, DeploymentStep step) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(HOLD)) {
            statement.setString(1, deploymentId.toString());
            statement.setString(2, nodeId);
            statement.setString(3, step == null ? null : step.name());
            statement.executeUpdate();
        } catch (SQLException e) {
            log.warn("deployment [{}] step [{}] lease for node [{}] not stored: {}", deploymentId, step, nodeId,
                    e.getMessage());
        }
    }

    @Override
    public void release(DeploymentId deploymentId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(RELEASE)) {
            statement.setString(1, deploymentId.toString());
            statement.executeUpdate();
        } catch (SQLException e) {
            log.warn("deployment [{}] lease not removed: {}", deploymentId, e.getMessage());
        }
    }
}
