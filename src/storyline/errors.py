"""Error types and the catalogue of problem codes (each code documented once, here)."""

from __future__ import annotations

#: Every problem code a record or failure can carry, with what it means.
CODES: dict[str, str] = {
    # failures (document not stored)
    "empty": "the document has no bytes, or only whitespace",
    "binary": "the document is binary data, not text or HTML",
    "too_large": "the document is larger than the max-document-bytes setting",
    "no_article": "no article text could be found in the document",
    "bad_row": "a corpus row could not be parsed (truncated JSON, missing mapped column...)",
    "bad_archive": "a WARC or gzip archive could not be read past this point",
    "unreadable": "the file could not be opened or read",
    "internal": "an unexpected error in storyline while processing this document (a bug)",
    "nlp_timeout": "the NLP stage took longer than the nlp-seconds setting on this document",
    # warnings (document stored, something was odd)
    "decode_replaced": "bytes that are invalid in the detected encoding were replaced by U+FFFD",
    "encoding_guessed": "the document was not UTF-8; its encoding was detected statistically",
    "mojibake_repaired": "mis-decoded text (mojibake) was repaired",
    "leak_removed": "leaked CMS/debug output was removed from the body",
    "leak_truncated": "a leaked feed was truncated or malformed; only complete items were kept",
    "leak_length_mismatch": "a PHP var_dump string(N) length did not match its content",
    "no_title": "no title could be found",
    "no_date": "no publication date could be found",
    "date_unparsed": "a dateline was found but could not be parsed",
    "related_date_conflict": "a related item's folder date and file-name timestamp disagree",
    "short_body": "the body is very short; extraction may have missed the article",
    "separator_removed": "paragraphs holding no words (rules, asterisks) were removed from the body",
    "date_line_removed": "an HTML body's first paragraph held only a date line (date, time, 'Updated ...'); it was removed",
    "boilerplate_removed": "trailing site boilerplate (follow us, read more, share, subscribe) was removed from the body",
    "trailer_unknown": "the body ends in a short line that reads like no sentence; it was kept, but may be a credit or a code",
    "nlp_failed": "an NLP stage raised an error on this document; the record is stored without annotations",
    "nlp_truncated": "a paragraph or document was longer than the NLP limits: parsed in pieces, or partly not annotated",
    "date_from_htmldate": "htmldate found another publication day than the page's markup (or one where it had none); htmldate's day was kept",
    "hint_unparsed": "a corpus field (e.g. the published date) could not be parsed and was ignored",
    "date_from_header": "the dated line under an HTML page's headline shows another day than its markup; the shown day was kept",
    "date_conflict": "an HTML page's JSON-LD and meta tags disagree on the publication day; the first was kept",
}


class StorylineError(Exception):
    """Base class for storyline errors."""


class UsageError(StorylineError):
    """The user asked for something impossible (bad option, missing file); exit status 2."""


class DocumentError(StorylineError):
    """One document cannot be processed; carries a problem code from CODES and a message."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown problem code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
