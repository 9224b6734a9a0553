-- Photos on journey entries, kept in the database (one backup, one transaction with the event
-- that records them, and gone with the child's key). Ids, sizes and the type are plain; the
-- image, its thumbnail and its description are AES-256-GCM under the child's journey key, with
-- the photo's and the child's ids as associated data: nothing here can be read without the
-- child's key, and erasure deletes the rows too.
CREATE TABLE photos (
    photo_id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    image_bytes INTEGER NOT NULL,
    image BYTEA NOT NULL,
    thumbnail BYTEA NOT NULL,
    description BYTEA,
    attached_at TEXT NOT NULL
);
