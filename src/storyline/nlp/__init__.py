"""NLP stages (quotes, entities, places, dates): planned, see the issue tracker."""
