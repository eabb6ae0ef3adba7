-- Each node writes its own counters per rule every few seconds; the admin API sums them over the nodes.
-- A deleted rule takes its counters with it.
CREATE TABLE kin_rule_metrics (
    rule_id           text        NOT NULL REFERENCES kin_rule (id) ON DELETE CASCADE,
    node_id           text        NOT NULL,
    matched           bigint      NOT NULL DEFAULT 0,
    passed            bigint      NOT NULL DEFAULT 0,
    failed            bigint      NOT NULL DEFAULT 0,
    actions_succeeded bigint      NOT NULL DEFAULT 0,
    actions_failed    bigint      NOT NULL DEFAULT 0,
    last_error        text,
    last_error_at     timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rule_id, node_id)
);
