"""Getting data out: flat rows from the Store, written as CSV, JSON Lines, Parquet or a DataFrame."""
