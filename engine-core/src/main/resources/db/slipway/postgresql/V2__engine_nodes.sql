-- Engine nodes that share this database, and which node runs each deployment that has not ended. A node whose
-- heartbeat is older than the cluster's claim timeout counts as stopped, and another node fails the deployments it
-- held, naming the step that was running.

CREATE TABLE slipway_engine_node (
    node_id      VARCHAR(255)             NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT slipway_engine_node_pkey PRIMARY KEY (node_id)
);

CREATE TABLE slipway_deployment_lease (
    deployment_id VARCHAR(255)             NOT NULL,
    node_id       VARCHAR(255)             NOT NULL,
    -- The step that runs or was handed to the node's worker pool; NULL before the first step starts.
    step          VARCHAR(64),
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT slipway_deployment_lease_pkey PRIMARY KEY (deployment_id)
);

CREATE INDEX slipway_deployment_lease_node_idx ON slipway_deployment_lease (node_id);
