"""Benchmarks: summary quality and speed against sumy's baselines, story
clustering against gold topics, and growth from 100 to 10,000 articles.

Run ``python -m bench`` (see bench/README.md).
"""
