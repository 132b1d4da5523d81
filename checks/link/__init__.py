"""Linking: which mention in a source is about which fact, and how sure that is."""
