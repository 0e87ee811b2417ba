"""Benchmarks of privdocs: a seeded corpus generator and a runner that measures it."""
