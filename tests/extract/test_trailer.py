"""The long tail of trailers and headers in wire and site copy: each form split into signoff, credits,
removed boilerplate or body (must / must-not), through the text-dump stage the product runs."""

from __future__ import annotations

import pytest

from storyline.extract.trailer import kind_of, take_agency_lead, take_trailer
from storyline.model import Article, RawDocument
from storyline.pipeline import extract

HEAD = "Syrian army retakes Palmyra\n\nMarch 27, 2016\n\n"
BODY = ("Syrian government troops took back full control of the desert city of Palmyra on Sunday.",
        "The army said engineers were clearing mines from the ancient ruins.")


def run(trailer: str, body: tuple[str, ...] = BODY) -> Article:
    text = HEAD + "\n\n".join(body) + "\n\n" + trailer + "\n"
    res = extract(RawDocument(path="dump.txt", data=text.encode("utf-8")))
    assert isinstance(res, Article)
    return res


SIGNOFFS = [
    "S/SH 11", "AB/CD", "HS/MK/ST", "S/HSN 7", "AB/cd", "AFP/ab-jm", "SANA/mk", "ab/jm", "(ab/jm)", "kms/dl",
    "/ab/cd", "dpa/ab", "jm/rt (AFP, dpa, Reuters)", "ng/msh (AP, Reuters)", "H.A.", "A.A./M.K.", "- A.A./M.K.",
    "(AB)", "--- END ---", "-ENDS-", "(END)", "END.", "Ends", "-30-", "###", "# # #",
]


@pytest.mark.parametrize("line", SIGNOFFS)
def test_editors_codes_and_end_marks_are_the_signoff(line: str) -> None:
    res = run(line)
    assert res.paragraphs == BODY
    assert res.signoff == " ".join(line.split()) and res.credits == ()


CREDITS = [
    "(Reporting by Ann Lee in Cairo; Editing by Bo Chan)",
    "Reporting by Ann Lee; Writing by Tom Perry; Editing by Bo Chan",
    "(Additional reporting by Omar Fahmy in Cairo; Editing by Gareth Jones)",
    "Writing by Tom Perry; editing by Angus MacSwan",
    "(Reporting by Maria Tsvetkova, Jack Stubbs and Denis Pinchuk in Moscow; Writing by Christian Lowe)",
    "Compiled by Daniel Wallis",
    "Edited by: John Doe",
    "Reporting: Ann Lee; Editing: Bo Chan",
    "With additional reporting from Moscow by Maria Tsvetkova",
    "(With inputs from Reuters)",
    "Associated Press writer Zeina Karam in Beirut contributed to this report.",
    "— Reuters",
    "- AFP",
    "(AP)",
    "With AFP",
    "AFP/Reuters",
    "© 2016 Reuters",
    "Copyright 2016 The Associated Press. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed.",
    "(c) Copyright Thomson Reuters 2016. Click For Restrictions",
    "All rights reserved.",
    "Photo: AFP",
    "Photo: John Doe/Reuters",
    "(Photo by Louai Beshara/AFP via Getty Images)",
    "Image copyright Getty Images",
    "Image caption Syrian troops entered the city on Sunday",
    "FILE PHOTO: A general view of the ancient city of Palmyra, Syria, March 27, 2016. REUTERS/Omar Sanadiki",
    "Picture: Syrian Arab News Agency",
    "Credit: Reuters",
    "Source: SANA",
    "Sources: Reuters, AFP",
    "Via: AP",
    "This article first appeared on Example.com",
    "This story has been published from a wire agency feed without modifications to the text.",
    "Originally published on Example.com",
]


@pytest.mark.parametrize("line", CREDITS)
def test_credits_go_to_credits(line: str) -> None:
    res = run(line)
    assert res.paragraphs == BODY
    assert res.credits == (" ".join(line.split()),) and res.signoff is None


BOILERPLATE = [
    "Follow us on Twitter @ExampleNews", "Like us on Facebook", "Follow @ExampleNews for the latest",
    "Read more: Palmyra's treasures after ISIS", "READ MORE", "Also read: Syria ceasefire holds",
    "Related: Russia withdraws forces from Syria", "See also", "Share this article", "Share on Facebook",
    "Facebook Twitter WhatsApp Email", "Share | Tweet | Email | Print", "Subscribe to our newsletter",
    "Sign up for our daily briefing", "Click here to get the latest news",
    "Download our app for breaking news alerts", "Tags: Syria, Palmyra, ISIS", "Advertisement",
    "Story continues below advertisement", "12 comments", "Leave a comment", "Join the conversation",
    "Back to top", "Next article: Assad visits Palmyra", "Print this article",
    "Report an error in this article",
    "Our Standards:The Thomson Reuters Trust Principles.", "- medium-browser-and-portrait-tablet", "0 : 0",
    "Jaraguá do Sul - SC - CNPJ: 83.102.459/0001-23 - Rua Walter Marquardt, 1111 - Fone: (047) 2106-8000",
    "Write to Al Root at allen.root@dowjones.com", "Email Tariq Malik at tmalik@space.com or follow him @tariqjmalik.",
    "Have a tip? Amy Kuperinsky may be reached at akuperinsky@njadvancemedia.com. Follow her on Twitter @AmyKup.",
    "Contact the newsroom at tips@example.com",
]


def test_a_credit_above_layout_junk_still_goes_to_credits() -> None:
    res = run("Reporting by Ann Lee; Editing by Bo Chan\n\nOur Standards:The Thomson Reuters Trust Principles."
              "\n\n0 : 0\n\n- narrow-browser-and-phone\n\n- landscape-tablet\n\n- above-phone")
    assert res.paragraphs == BODY and res.credits == ("Reporting by Ann Lee; Editing by Bo Chan",)


@pytest.mark.parametrize("line", BOILERPLATE)
def test_site_boilerplate_is_removed_with_a_warning(line: str) -> None:
    res = run(line)
    assert res.paragraphs == BODY and res.signoff is None and res.credits == ()
    [warning] = [w for w in res.warnings if w.code == "boilerplate_removed"]
    assert " ".join(line.split())[:40] in warning.message  # the warning names what went


def test_a_stack_of_trailers_splits_line_by_line() -> None:
    res = run("(Reporting by Ann Lee; Editing by Bo Chan)\n\nFollow us on Twitter\n\n© 2016 Example News\n\nS/SH 11")
    assert res.paragraphs == BODY
    assert res.signoff == "S/SH 11"
    assert res.credits == ("(Reporting by Ann Lee; Editing by Bo Chan)", "© 2016 Example News")
    assert any(w.code == "boilerplate_removed" and "Follow us" in w.message for w in res.warnings)


def test_trailer_lines_inside_the_last_block() -> None:
    res = run("The army said it would stay.\n(Reporting by Ann Lee)\nAB/cd", body=BODY[:1])
    assert res.paragraphs == (BODY[0], "The army said it would stay.")
    assert res.signoff == "AB/cd" and res.credits == ("(Reporting by Ann Lee)",)


@pytest.mark.parametrize(("last", "kept", "credit"), [
    ("The talks resume on Monday. (Reporting by Ann Lee; Editing by Bo Chan)", "The talks resume on Monday.",
     "(Reporting by Ann Lee; Editing by Bo Chan)"),
    ("The talks resume on Monday. - Reuters", "The talks resume on Monday.", "Reuters"),
    ("“We will rebuild,” he said. — AFP", "“We will rebuild,” he said.", "AFP"),
])
def test_a_credit_closing_the_last_paragraph_comes_off_it(last: str, kept: str, credit: str) -> None:
    res = run(last, body=BODY[:1])
    assert res.paragraphs == (BODY[0], kept) and res.credits == (credit,)


@pytest.mark.parametrize(("lead", "kept", "agency"), [
    ("BEIRUT (Reuters) - Syrian troops entered Palmyra.", "BEIRUT - Syrian troops entered Palmyra.", "Reuters"),
    ("(AFP) - Syrian troops entered Palmyra.", "Syrian troops entered Palmyra.", "AFP"),
    ("DAMASCUS, March 27 (SANA) – Syrian troops entered Palmyra.", "DAMASCUS, March 27 - Syrian troops entered Palmyra.",
     "SANA"),
    ("Moscow (AP/AFP) — Russia welcomed the news.", "Moscow - Russia welcomed the news.", "AP/AFP"),
])
def test_an_agency_tag_in_the_lead_goes_to_credits_and_the_dateline_stays(lead: str, kept: str, agency: str) -> None:
    assert take_agency_lead(lead) == (kept, agency)
    res = run("The army said engineers were clearing mines.", body=(lead,))
    assert res.paragraphs[0] == kept and res.credits == (agency,)


MUST_STAY = [
    "Ann Lee is a reporter covering technology. Follow her on Twitter @annlee or email her at the desk.",
    "Residents can write to the council at its office on Main Street, the mayor said.",
    "He said he could be reached at home on Sunday. Follow-up talks are planned.",
    "Copyright law was changed in 2016, the minister said.",
    "Read the full statement on the ministry's website, officials said.",
    "Share prices in Moscow fell 3 percent.",
    "Follow-up talks are planned for Monday.",
    "Reporting by state media could not be verified.",
    "Related to this, the minister announced new funding.",
    "Sources said the talks would resume.",
    "The Associated Press could not confirm the report.",
    "Staff at the museum said the damage was severe.",
    "He signed off with a promise to return.",
]


@pytest.mark.parametrize("last", MUST_STAY)
def test_prose_that_looks_like_a_trailer_stays_in_the_body(last: str) -> None:
    res = run(last)
    assert res.paragraphs == (*BODY, last) and res.signoff is None and res.credits == ()
    assert not any(w.code in ("boilerplate_removed", "trailer_unknown") for w in res.warnings)


def test_an_unknown_short_trailing_line_is_kept_with_a_warning() -> None:
    res = run("Syria Palmyra ISIS")
    assert res.paragraphs == (*BODY, "Syria Palmyra ISIS")
    [warning] = [w for w in res.warnings if w.code == "trailer_unknown"]
    assert "Syria Palmyra ISIS" in warning.message


def test_kinds_and_the_corpus_size() -> None:
    assert kind_of("S/SH 11") == "signoff" and kind_of("— Reuters") == "credit"
    assert kind_of("Read more: x") == "boilerplate" and kind_of("The army said so.") is None
    assert take_trailer([]).body == ()
    assert len(SIGNOFFS) + len(CREDITS) + len(BOILERPLATE) >= 60
