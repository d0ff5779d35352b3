"""Parquet shards: plan a corpus into units workers read themselves, process them to files, load them into a store."""
