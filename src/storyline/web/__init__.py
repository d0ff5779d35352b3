"""HTTP API and web pages: planned, see the issue tracker."""
