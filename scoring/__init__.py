"""Podium's evaluation engine: parsing, validating and scoring submissions.

Plain Python with no Django import, so workers, tests and benchmarks can use it directly.
The Django side calls `scoring.engine`, `scoring.solution` and `scoring.cache`.
"""
