-- Where the admin API reaches a node's internal HTTP endpoints (live clients, kick, publish, stats), and a heartbeat:
-- a running node refreshes last_seen every few seconds and clears internal_url when it stops, so the admin API fans
-- out only to the nodes that are up.
ALTER TABLE kin_node ADD COLUMN internal_url text;
