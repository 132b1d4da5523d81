"""Fact files: loading and validating them, and reading their canonical values."""
