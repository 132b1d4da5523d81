"""Reports: records, the failure text, JSON, HTML, SARIF, merged shards, suggestions."""
