"""The benchmark: a seeded synthetic portfolio and `python -m bench.run`."""
