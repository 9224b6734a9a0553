-- An entry's photos, and a child's (for the erasure that deletes them).
CREATE INDEX photos_entry ON photos (entry_id);
CREATE INDEX photos_child ON photos (child_id);
