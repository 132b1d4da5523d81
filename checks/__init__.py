"""Fact-consistency checker: checks articles against canonical facts kept in YAML."""

ENGINE_VERSION = "0.1.0"
