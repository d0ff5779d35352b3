"""NLP stages over the cleaned paragraphs: entities, quotes and speakers, places, temporal expressions."""
