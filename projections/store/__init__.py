"""Baton's own tables and the database adapter they live on: the access and audit logs and the
idempotency keys. Schema migrations for these tables belong here too (``store/migrations/``)."""
