"""Hostile-input guards for the web layer: URL sanitising, security headers, token checks."""

from __future__ import annotations

import hmac
import re
from urllib.parse import urlsplit

#: Sent with every response: nothing is loaded from anywhere but this server, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def safe_url(url: object) -> str | None:
    """`url` when it is an absolute http(s) URL with a host, else None (no javascript:, data:, ...).

    Control characters and whitespace are removed before the scheme is judged, as browsers do,
    so `java\\tscript:` or ` javascript:` cannot slip through.
    """
    if not isinstance(url, str):
        return None
    cleaned = _CONTROL.sub("", url)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return cleaned


def token_matches(header: str | None, token: str) -> bool:
    """Whether an Authorization header is `Bearer <token>` (constant-time comparison)."""
    if not header:
        return False
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())
