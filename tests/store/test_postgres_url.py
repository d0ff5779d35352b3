"""PostgreSQL URLs: storyline's schema parameter, socket URLs, passwords kept out of messages."""

from __future__ import annotations

from storyline.store.postgres import public_url, split_url


def test_split_url() -> None:
    assert split_url("postgresql:///test") == ("postgresql:///test", None)
    assert split_url("postgres://u:p@h:5/db?schema=x&sslmode=disable") == ("postgresql://u:p@h:5/db?sslmode=disable", "x")
    assert split_url("postgresql://h/db?schema=a&schema=b") == ("postgresql://h/db", "b")


def test_password_is_hidden() -> None:
    assert public_url("postgresql://u:secret@h/db") == "postgresql://u:***@h/db"
    assert public_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert public_url("postgresql:///test") == "postgresql:///test"
