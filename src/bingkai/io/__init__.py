"""Reading articles into bingkai: table files (CSV, JSON, JSONL, XLSX, Parquet), scraped
dates, ``read_articles`` with its audit of what was dropped and why, and the seed corpus build.

Depends on ``clean`` (each article is cleaned as it is read), ``text`` and the bottom
modules; only ``report`` and the CLI depend on it.
"""
