-- Broker state: PostgreSQL is the single source of truth. Hot paths: appending queued messages for persistent
-- sessions (one insert per message plus one per session it goes to), deleting them on acknowledgement, and loading a
-- session's queue in order when it comes back.

-- Persistent sessions (clean sessions with expiry 0 never reach the database).
CREATE TABLE mqtt_session (
    client_id        text        PRIMARY KEY,
    username         text,
    protocol_version smallint    NOT NULL,
    expiry_seconds   bigint      NOT NULL,
    node_id          text,
    connected        boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    connected_at     timestamptz,
    disconnected_at  timestamptz,
    -- set on disconnect to disconnected_at + expiry; the purge job and start-up recovery read it
    expires_at       timestamptz,
    -- the will of the session's last connection, kept until published or cancelled
    will_topic       text,
    will_payload     bytea,
    will_qos         smallint,
    will_retain      boolean,
    will_delay       bigint,
    will_properties  jsonb,
    will_due_at      timestamptz
);
CREATE INDEX mqtt_session_expires_at ON mqtt_session (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX mqtt_session_will_due_at ON mqtt_session (will_due_at) WHERE will_due_at IS NOT NULL;

CREATE TABLE mqtt_subscription (
    client_id           text     NOT NULL REFERENCES mqtt_session (client_id) ON DELETE CASCADE,
    topic_filter        text     NOT NULL, -- as the client sent it, with any $share/{group}/ prefix
    filter              text     NOT NULL,
    share_group         text,
    qos                 smallint NOT NULL,
    no_local            boolean  NOT NULL DEFAULT false,
    retain_as_published boolean  NOT NULL DEFAULT false,
    retain_handling     smallint NOT NULL DEFAULT 0,
    subscription_id     integer  NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, topic_filter)
);

-- A message stored once, however many persistent sessions it is queued for.
CREATE TABLE mqtt_message (
    message_id          bigint      PRIMARY KEY,
    topic               text        NOT NULL,
    payload             bytea       NOT NULL,
    qos                 smallint    NOT NULL,
    retain              boolean     NOT NULL,
    properties          jsonb,
    publisher_client_id text,
    publisher_username  text,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz
);

-- Queued and in-flight QoS 1/2 messages per persistent session, in delivery order (seq). The packet identifier
-- is derived from seq, so a message keeps its identifier across a broker restart without a write per send.
CREATE TABLE mqtt_queue (
    client_id        text     NOT NULL REFERENCES mqtt_session (client_id) ON DELETE CASCADE,
    seq              bigint   NOT NULL,
    message_id       bigint   NOT NULL REFERENCES mqtt_message (message_id),
    qos              smallint NOT NULL,
    retain           boolean  NOT NULL,
    subscription_ids integer[],
    share_group      text,
    share_filter     text,
    -- true once the client answered PUBREC: after a restart PUBREL is resent, not PUBLISH
    released         boolean  NOT NULL DEFAULT false,
    PRIMARY KEY (client_id, seq)
);
CREATE INDEX mqtt_queue_message ON mqtt_queue (message_id);

-- QoS 2 packet identifiers a persistent-session publisher sent us and has not yet released (PUBREL).
CREATE TABLE mqtt_inbound_qos2 (
    client_id  text    NOT NULL REFERENCES mqtt_session (client_id) ON DELETE CASCADE,
    packet_id  integer NOT NULL,
    PRIMARY KEY (client_id, packet_id)
);

CREATE TABLE mqtt_retained (
    topic               text        PRIMARY KEY,
    payload             bytea       NOT NULL,
    qos                 smallint    NOT NULL,
    properties          jsonb,
    publisher_client_id text,
    publisher_username  text,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz
);

CREATE TABLE mqtt_delayed (
    message_id          bigint      PRIMARY KEY,
    topic               text        NOT NULL,
    payload             bytea       NOT NULL,
    qos                 smallint    NOT NULL,
    retain              boolean     NOT NULL,
    properties          jsonb,
    publisher_client_id text,
    publisher_username  text,
    created_at          timestamptz NOT NULL,
    -- message expiry interval in seconds, counted from publication; null = none
    expiry_seconds      bigint,
    due_at              timestamptz NOT NULL
);
CREATE INDEX mqtt_delayed_due_at ON mqtt_delayed (due_at);

CREATE TABLE mqtt_user (
    username         text        PRIMARY KEY,
    password_hash    text        NOT NULL,
    scram_salt       bytea       NOT NULL,
    scram_iterations integer     NOT NULL,
    scram_stored_key bytea       NOT NULL,
    scram_server_key bytea       NOT NULL,
    superuser        boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mqtt_acl (
    id           bigserial   PRIMARY KEY,
    username     text,                 -- null or '*' = any
    client_id    text,                 -- null or '*' = any
    action       text        NOT NULL CHECK (action IN ('PUBLISH', 'SUBSCRIBE', 'ALL')),
    topic_filter text        NOT NULL, -- may hold the clientid and username placeholders
    allow        boolean     NOT NULL,
    priority     integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mqtt_auto_subscription (
    id                  bigserial   PRIMARY KEY,
    client_id_pattern   text        NOT NULL,
    topic_filter        text        NOT NULL,
    qos                 smallint    NOT NULL DEFAULT 0,
    no_local            boolean     NOT NULL DEFAULT false,
    retain_as_published boolean     NOT NULL DEFAULT false,
    retain_handling     smallint    NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- Configuration changes (users, ACLs, auto-subscriptions, rules, bridges) bump a version that nodes watch,
-- so caches are invalidated everywhere without a restart.
CREATE TABLE kin_config_version (
    area       text        PRIMARY KEY,
    version    bigint      NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO kin_config_version (area, version) VALUES ('users', 0), ('acl', 0), ('auto_subscriptions', 0);
