"""The shared model every stage speaks: intervals, mentions, errors, defaults, safe text."""
