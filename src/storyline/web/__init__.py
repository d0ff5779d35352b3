"""HTTP API and web pages: the FastAPI app (app.py), its views (views.py), uploads, and `storyline serve`."""
