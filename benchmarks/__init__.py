"""Benchmarks of the Upskilling ROI Explorer: run ``python -m benchmarks``."""
