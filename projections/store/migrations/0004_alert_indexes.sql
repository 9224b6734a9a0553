-- The DSL's alerts (GET /v1/audit/alerts) walk two partial indexes: refusals and readings under
-- break-glass are few among many reads. The conditions are the ones in store/access_log.py.
CREATE INDEX IF NOT EXISTS access_log_child_alerts ON access_log (child_id, seq)
    WHERE (outcome = 'denied' OR purpose = 'break-glass');
CREATE INDEX IF NOT EXISTS access_log_org_denied ON access_log (actor_org_id, seq)
    WHERE outcome = 'denied';
