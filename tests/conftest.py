"""Shared fixtures for the project's own tests."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def nlp():
    from checks.pipeline import load_pipeline

    return load_pipeline()
