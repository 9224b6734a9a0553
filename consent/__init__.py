"""Consent as events, and the one policy that decides every share."""
