-- The newest time step of a two-step code each member has used: a code, or an older one still
-- inside the accepted window, is accepted once only (RFC 6238, section 5.2). Ids only.
CREATE TABLE IF NOT EXISTS totp_last_step (
    member_id TEXT PRIMARY KEY,
    step BIGINT NOT NULL
);
