"""Shared fixtures for the project's own tests."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# The plugin imports the engine only once a fact file is found. pytester's in-process runs
# put sys.modules back as they found it after each run, and numpy (under spaCy) cannot be
# imported twice in one process: so the engine is imported once here, for every run.
import checks.run.engine  # noqa: E402,F401


@pytest.fixture(scope="session")
def nlp():
    from checks.extract.pipeline import load_pipeline

    return load_pipeline()
