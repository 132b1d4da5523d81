"""The pytest plugin: it only translates between pytest and the engine."""
