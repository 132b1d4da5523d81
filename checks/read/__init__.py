"""Reading sources: finding the files, decoding them, plain text with lines."""
