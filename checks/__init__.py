"""Fact-consistency checker: checks articles against canonical facts kept in YAML.

The package holds no test code, so pytest need not rewrite its asserts; it is
imported through the plugin entry point before pytest could mark it
(PYTEST_DONT_REWRITE).
"""

ENGINE_VERSION = "0.2.0"
