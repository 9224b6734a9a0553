-- Photos on journey entries (see 0012_photos.postgresql.sql for what each column holds).
CREATE TABLE photos (
    photo_id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    image_bytes INTEGER NOT NULL,
    image BLOB NOT NULL,
    thumbnail BLOB NOT NULL,
    description BLOB,
    attached_at TEXT NOT NULL
);
