"""Extract: turn one raw document into a clean article record (text dumps, HTML, corpus rows)."""
