"""Benchmarks: each measures the platform and its baseline in the same run and reports the ratio."""
