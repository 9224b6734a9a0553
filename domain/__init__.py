"""Baton's domain: aggregates, the EYFS vocabulary, and the application of command handlers."""
