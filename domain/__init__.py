"""Baton's domain: organisations, the learning journey, consents, handovers, sealing and the
access log, each a package; ``application.Baton`` assembles their commands."""
