"""storyline: read raw news and turn it into clean, linked, searchable article records."""

__version__ = "0.1.0"
