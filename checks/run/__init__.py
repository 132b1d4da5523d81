"""Running the engine: sources to verdicts for every fact file, with the parse cache."""
