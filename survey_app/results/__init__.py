"""From stored answers to suppressed, scored results: aggregation queries and their cache."""
