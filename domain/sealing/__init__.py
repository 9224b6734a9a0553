"""Envelope v1 (docs/envelope.md): sealing, the one verifier, and wrapping private keys."""
