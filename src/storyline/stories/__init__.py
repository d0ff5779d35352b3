"""Story clustering and timelines: planned, see the issue tracker."""
