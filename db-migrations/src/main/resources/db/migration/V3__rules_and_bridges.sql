-- Rules and bridges: configured at run time (admin API), shared by all nodes. A change bumps the 'rules' or
-- 'bridges' row of kin_config_version in the same transaction, and every node applies it without a restart.

-- A named connection to an external system (HTTP, Kafka, RabbitMQ, remote MQTT) that rule actions send to.
CREATE TABLE kin_bridge (
    name       text        PRIMARY KEY,
    type       text        NOT NULL, -- HTTP, KAFKA, RABBITMQ or MQTT
    enabled    boolean     NOT NULL DEFAULT true,
    -- settings of the kind, buffer size, retries, back-off: see io.kin.broker.bridge.BridgeConfigJson
    config     jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A SQL rule over the message stream and what to do with its output rows (actions name bridges).
CREATE TABLE kin_rule (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    description text,
    sql         text        NOT NULL,
    enabled     boolean     NOT NULL DEFAULT true,
    actions     jsonb       NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Nodes only notice a change of an area they have seen before: start both at 0.
INSERT INTO kin_config_version (area, version) VALUES ('bridges', 0), ('rules', 0)
ON CONFLICT (area) DO NOTHING;
