"""This repository's own pytest settings.

The fact plugin is registered by the installed distribution (the ``pytest11`` entry
point in pyproject.toml), so it is deliberately not listed in ``pytest_plugins`` here:
pluggy refuses a module registered twice.
"""
