"""Use cases: each takes plain values (and `now`), owns its transaction and raises domain errors."""
