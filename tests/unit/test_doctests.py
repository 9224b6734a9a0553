"""Every example in the packages' docstrings runs, and importing any module touches nothing.

The examples are collected here rather than by ``--doctest-modules`` so that they run in every
tier that runs the unit tests (``make unit`` too), and so that a module whose ``>>>`` examples
the finder cannot see fails instead of passing unnoticed.
"""

from __future__ import annotations

import doctest
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

PACKAGES = ("domain", "consent", "projections", "api")
ROOT = Path(__file__).resolve().parents[2]


def _module_names() -> list[str]:
    names = []
    for package in PACKAGES:
        names.append(package)
        path = [str(ROOT / package)]
        names += [info.name for info in pkgutil.walk_packages(path, prefix=f"{package}.")]
    # A ``__main__`` module runs its program when imported (``python -m api.cli``): no examples.
    return sorted(n for n in names if not n.endswith(".__main__"))


MODULES = _module_names()


def _doctests(module: ModuleType) -> list[doctest.DocTest]:
    found = doctest.DocTestFinder(exclude_empty=True).find(module)
    return [test for test in found if test.examples]


def _all_doctests() -> list[doctest.DocTest]:
    return [t for name in MODULES for t in _doctests(importlib.import_module(name))]


@pytest.mark.parametrize("example", _all_doctests(), ids=lambda test: test.name)
def test_docstring_example_holds(example: doctest.DocTest) -> None:
    if all(shown.options.get(doctest.SKIP) for shown in example.examples):
        pytest.skip(f"every example in {example.name} is marked +SKIP")
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(example, out=report.append, clear_globs=True)
    assert result.failed == 0, "".join(report)


def test_every_module_that_shows_an_example_has_it_run() -> None:
    files = {str(importlib.import_module(name).__file__) for name in MODULES}
    shown = {f for f in files if ">>>" in Path(f).read_text("utf-8")}
    run = {test.filename for test in _all_doctests()}
    assert shown, "no module shows a docstring example; the finder or the walk is broken"
    assert shown <= run, f"examples that never run: {sorted(shown - run)}"


# Imports every module with an audit hook that records what would touch the outside world:
# files opened for writing, sockets, SQLite, subprocesses, and PostgreSQL connections.
PROBE = """
import importlib, json, os, sys
import psycopg
touched = []
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
def hook(event, args):
    if event == "open" and isinstance(args[2], int) and args[2] & WRITE:
        touched.append(f"open for writing: {args[0]}")
    elif event in ("socket.connect", "sqlite3.connect", "subprocess.Popen", "os.system"):
        touched.append(event)
def refuse_connect(*args, **kwargs):
    touched.append("psycopg connect")
    raise RuntimeError("no database at import time")
psycopg.Connection.connect = refuse_connect
psycopg.AsyncConnection.connect = refuse_connect
psycopg.connect = refuse_connect
sys.addaudithook(hook)
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(touched))
"""


def test_importing_every_module_opens_no_database_and_writes_no_file(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env |= {"BATON_DATA_DIR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT)}
    env["BATON_DATABASE_URL"] = "postgresql://postgres@127.0.0.1:5432/baton_import_probe"
    done = subprocess.run(
        [sys.executable, "-B", "-c", PROBE, *MODULES],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert list(tmp_path.iterdir()) == []
