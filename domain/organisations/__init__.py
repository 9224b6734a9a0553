"""Organisations (settings and schools), their staff and tokens, and their keys."""
