"""This repository's own pytest settings.

The fact plugin is registered by the installed distribution (the ``pytest11`` entry
point in pyproject.toml), so it is deliberately not listed in ``pytest_plugins`` here:
pluggy refuses a module registered twice.
"""

from pathlib import Path


def pytest_configure(config):
    """`pytest tests` (this project's own tests) leaves the main job's reports/junit.xml
    alone: addopts writes it on every run, so unless --junitxml is on the command line
    itself, a run of tests/ only writes none."""
    given = config.invocation_params.args
    if any(str(arg).startswith(("--junitxml", "--junit-xml")) for arg in given):
        return
    ours = Path(config.rootpath, "tests").resolve()
    paths = [
        Path(config.invocation_params.dir, str(arg).split("::")[0]).resolve() for arg in config.args
    ]
    if paths and all(path == ours or ours in path.parents for path in paths):
        config.option.xmlpath = None
