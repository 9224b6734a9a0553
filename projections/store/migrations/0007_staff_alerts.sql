-- A DSL's alerts also list the DSL role granted at their organisation, and tokens issued there
-- from the server's command line: the by-staff half of the alerts walks this partial index
-- instead of access_log_org_denied. The condition is STAFF_ALERTING in store/access_log.py.
CREATE INDEX IF NOT EXISTS access_log_org_alerts ON access_log (actor_org_id, seq)
    WHERE (outcome = 'denied' OR resource IN ('dsl-role', 'staff-token-from-server'));
