"""Baton's HTTP API and command line: translate requests into one application call each."""
