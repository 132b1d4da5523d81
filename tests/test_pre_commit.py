"""The pre-commit hook (.pre-commit-hooks.yaml), run by pre-commit itself on a temporary
repository, as a newsroom's repository would run it.

pre-commit installs this project into an environment of its own (``language: python``), so
the first test of a session takes as long as that install; the environment is shared by
the tests of the session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")

PYPROJECT = """\
[tool.pytest.ini_options]
testpaths = ["expectations"]
facts_sources = ["sources/*"]
"""

FACTS = """\
facts:
  - id: bridge-cost
    amount: 12 million EUR
    about: bridge
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    """One pre-commit home for the session: the hook's environment is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A repository with a fact file and a source that agrees with it, committed."""
    repo = tmp_path / "newsroom"
    (repo / "expectations").mkdir(parents=True)
    (repo / "sources").mkdir()
    (repo / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (repo / "expectations" / "bridge.yaml").write_text(FACTS, encoding="utf-8")
    (repo / "sources" / "council.txt").write_text(
        "The new bridge will cost 12 million euros, the council said.\n", encoding="utf-8"
    )
    (repo / "notes.py").write_text("print('unrelated')\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(
        repo,
        "-c",
        "user.name=Desk",
        "-c",
        "user.email=desk@example.org",
        "commit",
        "-q",
        "-m",
        "story",
    )
    return repo


def _run_hook(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    """``pre-commit try-repo`` on this project's hook (its working tree, uncommitted changes
    included), for the staged ``files``."""
    _git(repo, "add", "-A")
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.org",
    }
    environment.pop("PYTEST_ADDOPTS", None)
    environment.pop("PYTEST_XDIST_WORKER", None)
    command = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(PROJECT),
        "facts",
        "--verbose",
        "--color",
        "never",
    ]
    command += ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        command, cwd=repo, env=environment, capture_output=True, text=True, check=False, timeout=900
    )


def test_the_hook_definition_is_the_python_hook_users_expect():
    (hook,) = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "facts"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False  # a changed fact applies to every source


def test_the_hook_passes_on_agreeing_sources_and_stops_a_contradiction(newsroom, pre_commit_home):
    agreeing = _run_hook(newsroom, pre_commit_home)
    assert agreeing.returncode == 0, agreeing.stdout + agreeing.stderr
    assert "Passed" in agreeing.stdout
    assert "1 passed" in agreeing.stdout  # the fact was checked, not left unmentioned

    (newsroom / "sources" / "council.txt").write_text(
        "The new bridge will cost 15 million euros, the council said.\n", encoding="utf-8"
    )
    contradicting = _run_hook(newsroom, pre_commit_home, "sources/council.txt")
    assert contradicting.returncode == 1, contradicting.stdout + contradicting.stderr
    assert "Failed" in contradicting.stdout
    assert "sources/council.txt:1:" in contradicting.stdout
    assert "contradiction with bridge-cost" in contradicting.stdout
    # The hook read the source and the fact file: it never writes to them.
    assert "15 million euros" in (newsroom / "sources" / "council.txt").read_text("utf-8")
    assert (newsroom / "expectations" / "bridge.yaml").read_text("utf-8") == FACTS


def test_the_hook_is_skipped_when_no_source_or_fact_file_changed(newsroom, pre_commit_home):
    (newsroom / "notes.py").write_text("print('still unrelated')\n", encoding="utf-8")
    result = _run_hook(newsroom, pre_commit_home, "notes.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Skipped" in result.stdout


def test_a_repository_with_no_fact_file_yet_lets_the_commit_go_on(newsroom, pre_commit_home):
    (newsroom / "expectations" / "bridge.yaml").unlink()
    result = _run_hook(newsroom, pre_commit_home, "sources/council.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing to check yet" in result.stdout
