"""Benchmarks (../shared/BENCHMARKS.md): not tests, never run in CI; `make bench WORKLOAD=W9`."""
