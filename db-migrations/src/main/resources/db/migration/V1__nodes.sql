-- Broker nodes that have started against this database: the admin API lists them, and later migrations
-- hang session ownership off node_id.
CREATE TABLE kin_node (
    node_id     text        PRIMARY KEY,
    version     text        NOT NULL,
    mqtt_port   integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL
);
