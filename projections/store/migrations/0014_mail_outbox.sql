-- Email to parents: the notices the event log asks for (a moment shared with the parents, a
-- consent the setting asks for, the school opening a transition packet), written by the
-- `notifications` view in the transaction that advances it, and sent by the mail sender.
-- Ids and words only: no address, no name, nothing of the child's record. A row's id is derived
-- from the event that asked for it, so replaying the log (a rebuild) adds no second notice.
CREATE TABLE IF NOT EXISTS mail_outbox (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL,
    kind TEXT NOT NULL,            -- 'shared', 'consent' or 'opened'
    created_at TEXT NOT NULL,      -- ISO 8601, UTC: when the event happened
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,          -- due from then (NULL once finished with)
    sent_at TEXT,                  -- when every parent to write to had their message
    last_error_kind TEXT           -- a word ('connection', 'smtp', 'too_old', ...), never a message
);
CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_at);
CREATE INDEX IF NOT EXISTS mail_outbox_child ON mail_outbox (child_id);
-- Which parents a notice has reached, so a retry after a partial failure writes to the others
-- only. A parent is named by HMAC-SHA256 of (notice, parent) under a key derived from the master
-- key: the table does not link a parent to a child.
CREATE TABLE IF NOT EXISTS mail_deliveries (
    outbox_id TEXT NOT NULL,
    recipient_hmac TEXT NOT NULL,
    outcome TEXT NOT NULL,         -- 'sent', or 'refused' (the server refused the address for good)
    at TEXT NOT NULL,
    PRIMARY KEY (outbox_id, recipient_hmac)
);
