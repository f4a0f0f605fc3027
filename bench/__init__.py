"""Benchmarks: run with `make bench` (`python -m bench.run`); figures go to docs/benchmarks.md."""
