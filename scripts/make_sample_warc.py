"""Write samples/archive.warc.gz: two HTML response records (plus their requests), byte-for-byte reproducible.

Run: python scripts/make_sample_warc.py  (standard library only; fixed record ids, dates and gzip mtime)
"""

from __future__ import annotations

import gzip
import hashlib
import io
from base64 import b32encode
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "samples" / "archive.warc.gz"

PAGES = [
    {
        "url": "https://example.org/news/2016/03/27/palmyra-recaptured",
        "date": "2016-03-28T09:15:02Z",
        "id": "<urn:uuid:6b1f6f4e-0000-4000-8000-000000000001>",
        "html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Syrian army retakes Palmyra from Islamic State | Example Times</title>
<meta property="article:published_time" content="2016-03-27T14:30:00Z">
<meta name="author" content="Example Times staff">
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Syrian army retakes Palmyra from Islamic State</h1>
<p class="byline">By Example Times staff, 27 March 2016</p>
<p>Syrian government troops, backed by Russian air strikes, took back full control of the
desert city of Palmyra on Sunday, ending ten months of rule by Islamic State fighters, state
television reported.</p>
<p>Army engineers began clearing mines from the streets and from the approaches to the ancient
ruins, which the militants had partly destroyed during their occupation. Military officials said
the fall of the city opened the road east towards Deir ez-Zor and Raqqa.</p>
<p>Archaeologists who have seen early footage said the colonnade and the theatre appeared largely
intact, although the Temple of Bel and the Arch of Triumph were in ruins. The head of Syria's
antiquities department said restoration could take years.</p>
<p>Monitoring groups reported heavy losses on both sides during the three-week offensive.</p>
</article>
<footer>Copyright Example Times</footer>
</body>
</html>
""",
    },
    {
        "url": "https://example.org/science/2016/04/02/honeybee-winter-losses",
        "date": "2016-04-03T11:40:45Z",
        "id": "<urn:uuid:6b1f6f4e-0000-4000-8000-000000000003>",
        "html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Beekeepers report milder winter losses | Example Times</title>
<meta property="article:published_time" content="2016-04-02T08:00:00Z">
</head>
<body>
<article>
<h1>Beekeepers report milder winter losses</h1>
<p class="byline">By Ana Ferreira</p>
<p>Honeybee colonies came through the winter in better shape than in recent years, according to
a survey of more than two thousand hobby and commercial beekeepers published on Saturday.</p>
<p>Average colony losses fell to just under one in six, down from nearly one in four the year
before. Researchers credited a mild autumn and better control of the varroa mite.</p>
<p>The authors cautioned that a single season says little about the long-term trend and urged
keepers to keep reporting their numbers.</p>
</article>
</body>
</html>
""",
    },
]


def _digest(data: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(data).digest()).decode()


def _record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def _gzip_member(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    return buf.getvalue()


def build() -> bytes:
    out = io.BytesIO()
    info = b"software: storyline samples/make_warc.py\r\nformat: WARC File Format 1.1\r\n"
    out.write(
        _gzip_member(
            _record(
                [
                    ("WARC-Type", "warcinfo"),
                    ("WARC-Date", "2016-03-28T09:15:00Z"),
                    ("WARC-Record-ID", "<urn:uuid:6b1f6f4e-0000-4000-8000-000000000000>"),
                    ("WARC-Filename", OUT.name),
                    ("Content-Type", "application/warc-fields"),
                ],
                info,
            )
        )
    )
    for n, page in enumerate(PAGES):
        body = page["html"].encode("utf-8")
        http = (
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n"
            "\r\n"
        ).encode("ascii") + body
        host = page["url"].split("/")[2]
        path = "/" + page["url"].split("/", 3)[3]
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: storyline-sample\r\n\r\n".encode("ascii")
        request_id = f"<urn:uuid:6b1f6f4e-0000-4000-8000-0000000001{n:02d}>"
        out.write(
            _gzip_member(
                _record(
                    [
                        ("WARC-Type", "request"),
                        ("WARC-Target-URI", page["url"]),
                        ("WARC-Date", page["date"]),
                        ("WARC-Record-ID", request_id),
                        ("WARC-Concurrent-To", page["id"]),
                        ("WARC-Block-Digest", _digest(request)),
                        ("Content-Type", "application/http; msgtype=request"),
                    ],
                    request,
                )
            )
        )
        out.write(
            _gzip_member(
                _record(
                    [
                        ("WARC-Type", "response"),
                        ("WARC-Target-URI", page["url"]),
                        ("WARC-Date", page["date"]),
                        ("WARC-Record-ID", page["id"]),
                        ("WARC-Block-Digest", _digest(http)),
                        ("WARC-Payload-Digest", _digest(body)),
                        ("Content-Type", "application/http; msgtype=response"),
                    ],
                    http,
                )
            )
        )
    return out.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
