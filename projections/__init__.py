"""Read models kept from the event log, and the SQL backends Baton's own tables live in."""
