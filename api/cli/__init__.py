"""The ``baton`` command line: ``main`` parses and runs; one module per group of commands."""

from api.cli.main import main

__all__ = ["main"]
