-- Finding a person's accounts by the email address they sign in with, without keeping the
-- address: a row is keyed by HMAC-SHA256 of the normalised address under a key derived from the
-- master key, so a copy of this table names nobody. One address may be staff at several
-- organisations: one row each.
CREATE TABLE IF NOT EXISTS sign_in_emails (
    email_hmac TEXT NOT NULL,
    org_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    PRIMARY KEY (email_hmac, org_id, staff_id)
);
