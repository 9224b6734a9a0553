-- Parents and carers sign in with an email address too: a row of sign_in_emails names either a
-- member of staff (kind 'staff': org_id, staff_id) or a parent's account (kind 'parent': both
-- ids the account's). Still no address is kept, only its HMAC.
ALTER TABLE sign_in_emails ADD COLUMN kind TEXT NOT NULL DEFAULT 'staff';
