"""Baton's domain: aggregates, the EYFS vocabulary, and the application whose methods are commands."""
