"""Extraction: the spaCy pipeline and the readers of numbers, dates, quantities and quotes."""
