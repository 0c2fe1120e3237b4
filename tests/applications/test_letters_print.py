"""Every letter as an office would sign it: each kind, for a citizen and for an organisation,
issued through the services, rendered, and read back from the DOCX (python-docx) and the PDF
(pdfplumber, page by page).

A letter fails when its signature block is split (the 署名 and the date not on the page of
the last body paragraph), when template and clerk's text leave a seam (doubled punctuation
such as "。。", "。”。", "，。"; "经审查" opening two sentences in a row; the salutation twice),
or when it addresses the reader wrongly ("您（单位）"; "您" to an organisation).
"""

from __future__ import annotations

import datetime
import re
from io import BytesIO

import pdfplumber
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gongkai.applications import services
from gongkai.applications.letters.render import letter_layout, render_letter
from gongkai.applications.letters.services import letter_issue
from gongkai.applications.models import Letter, LetterKind
from gongkai.official_document.layout import signature_offsets
from gongkai.official_document.pdf import cjk_font_installed
from gongkai.statute.outcomes import LETTER_KINDS, OUTCOMES, Outcome
from tests.applications.factories import applicant_data, register, travel
from tests.applications.steps import send_fee_notice

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2025, 3, 3)  # Monday
DECIDED = datetime.date(2025, 3, 17)
# What clerks really type: their own opening and full stop, a description ending in one.
DESCRIPTION = "2024年度盐池县科技计划项目立项名单及资金安排情况。"
DECISION_TEXTS = {
    "citizen": "经审查，您申请的信息已整理完毕，随本答复书一并提供，共3页。",
    "organisation": "经审查，贵单位申请的信息已整理完毕，随本答复书一并提供，共3页。",
}
APPLICANTS = {
    "citizen": applicant_data(n=1, description=DESCRIPTION),
    "organisation": applicant_data("commercial", n=2, description=DESCRIPTION),
}

DOUBLED = re.compile(r"[。！？][。，；、]|[，、；：][。！？，]|[。！？][”’]。|，，|、、")
OPENINGS = ("经审查", "经检索", "经研究")
_SENTENCE = re.compile(r".*?(?:[。！？][”’]?|$)")
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


def _outcome_for(letter_kind: str) -> Outcome:
    return next(o for o, info in OUTCOMES.items() if letter_kind in info.letter_kinds)


def _issue(application, kind, actor, day, **kwargs) -> Letter:
    with travel(day):
        return letter_issue(application=application, kind=kind, actor=actor, **kwargs)


def issue_every_letter(agency, clerk, head, data) -> list[Letter]:
    """One letter of every notice kind (征求意见书 to a third party and to an agency) and one
    reply of every reply letter kind, for the applicant ``data``."""
    new = lambda: register(agency, clerk, RECEIVED, data=data)  # noqa: E731
    letters = []
    first = new()
    letters.append(_issue(first, LetterKind.RECEIPT, clerk, RECEIVED))
    day = datetime.date(2025, 3, 5)
    with travel(day):
        done = services.application_request_supplement(
            application=first,
            actor=clerk,
            on=day,
            until=datetime.date(2025, 3, 19),
            items="1. 请写明所需信息的文号或者名称；\n2. 请提供营业执照或者身份证复印件。",
        )
    letters.append(done.letter)
    letters.append(
        _issue(
            first,
            LetterKind.DEADLINE_CHANGE_NOTICE,
            clerk,
            day,
            extra={
                "previous_due_on": datetime.date(2025, 3, 28),
                "change_reason": "本机关更正了收到申请之日。",
            },
        )
    )

    second = new()
    with travel(day):
        for done in (
            services.application_extend(
                application=second, actor=head, on=day, workdays=20, reason="所需信息涉及多个科室。"
            ),
            services.application_start_consultation(
                application=second,
                actor=clerk,
                on=day,
                party="third_party",
                consulted="宁夏某科技有限公司",
            ),
        ):
            letters.append(done.letter)
        services.application_end_consultation(application=second, actor=clerk, on=day)
        done = send_fee_notice(
            application=second, actor=clerk, on=day, method="by_pages", quantity=120
        )
    letters.append(done.letter)

    third = new()
    with travel(day):
        done = services.application_start_consultation(
            application=third, actor=clerk, on=day, party="other_agency", consulted="盐池县财政局"
        )
        letters.append(done.letter)
        services.application_end_consultation(application=third, actor=clerk, on=day)
        done = services.application_defer(
            application=third,
            actor=head,
            on=day,
            until=datetime.date(2025, 6, 30),
            reason="本月申请40件，需逐件检索。",
        )
    letters.append(done.letter)

    for letter_kind in LETTER_KINDS:
        application = new()
        if letter_kind == "reply_lapsed_supplement":
            with travel(day):
                services.application_request_supplement(
                    application=application,
                    actor=clerk,
                    on=day,
                    until=datetime.date(2025, 3, 7),
                    items="请写明文号。",
                )
            closed = datetime.date(2025, 3, 10)
            with travel(closed):
                done = services.application_close_lapsed(
                    application=application, actor=clerk, on=closed
                )
        elif letter_kind == "reply_lapsed_fee":
            with travel(day):
                send_fee_notice(
                    application=application, actor=clerk, on=day, method="by_pages", quantity=40
                )
            closed = datetime.date(2025, 4, 10)
            with travel(closed):
                done = services.application_close_lapsed(
                    application=application, actor=clerk, on=closed
                )
        else:
            outcome = _outcome_for(letter_kind)
            info = OUTCOMES[outcome]
            with travel(DECIDED):
                done = services.application_decide(
                    application=application,
                    actor=clerk,
                    on=DECIDED,
                    outcome=outcome,
                    decision_text=DECISION_TEXTS[data["applicant_kind"]],
                    legal_ground=info.legal_grounds[0] if info.requires_legal_ground else "",
                    letter_kind=letter_kind,
                )
        letters.append(done.letter)
    return letters


@pytest.fixture
def office(agency):
    """The bureau with its contact details, so the letters print the contact line."""
    agency.address = "宁夏回族自治区吴忠市盐池县花马池镇政府街1号"
    agency.phone = "0953-6012345"
    agency.save(update_fields=["address", "phone"])
    return agency


# -- the checks -----------------------------------------------------------------------------


def seams(text: str) -> list[str]:
    """Doubled punctuation and repeated openings in one paragraph."""
    found = [m.group(0) for m in DOUBLED.finditer(text)]
    openings = [
        next((o for o in OPENINGS if sentence.startswith(o)), "")
        for sentence in _SENTENCE.findall(text)
    ]
    found += [f"{o}…{o}" for o in OPENINGS if openings.count(o) > 1]
    found += [f"{o}，{o}" for o in OPENINGS if f"{o}，{o}" in text]
    return found


def check_wording(letter: Letter, applicant_kind: str) -> None:
    layout = letter_layout(letter)
    text = "\n".join([layout.salutation, *layout.paragraphs])
    assert "您（单位）" not in text
    for paragraph in (letter.title, *layout.paragraphs, layout.note):
        assert seams(paragraph) == [], (letter.number, paragraph)
    # The salutation once, on its own line; the body never repeats it.
    assert layout.salutation == f"{letter.recipient}："
    assert layout.salutation not in layout.paragraphs
    if letter.kind == LetterKind.CONSULTATION_LETTER:
        return  # addressed to the consulted party, not the applicant
    if applicant_kind == "citizen":
        assert "您" in text and "贵单位" not in text
    else:
        assert "您" not in text and "贵单位" in text


def check_docx(letter: Letter) -> None:
    """The closing chain is kept together: last paragraph → room for the seal → 署名 → date."""
    layout = letter_layout(letter)
    doc = Document(BytesIO(render_letter(letter, "docx")))
    paragraphs = doc.paragraphs
    texts = [p.text for p in paragraphs]
    # The date is the last line, or followed by the 附注 (the contact line, 7.3.6).
    date_at = len(texts) - 1 - (1 if layout.note else 0)
    assert texts[date_at] == layout.date
    if layout.note:
        assert texts[-1] == layout.note and layout.note.startswith("（联系机构：")
    assert texts[date_at - 1] == layout.signature
    last_at = max(i for i, t in enumerate(texts[: date_at - 1]) if t.strip())
    assert texts[last_at] == layout.paragraphs[-1]
    assert date_at - 1 - last_at == 3  # two blank lines for the seal
    chain = paragraphs[last_at:date_at]
    assert all(p.paragraph_format.keep_with_next for p in chain), letter.number
    for p in (paragraphs[last_at], paragraphs[date_at - 1], paragraphs[date_at]):
        assert p.paragraph_format.keep_together
    signature, date = paragraphs[date_at - 1], paragraphs[date_at]
    assert signature.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    offsets = signature_offsets(layout.signature, layout.date)
    assert date.paragraph_format.right_indent == Pt(64)  # 右空四字
    assert signature.paragraph_format.right_indent == Pt(16 * offsets.signature)
    for text in texts:
        assert seams(text) == [], (letter.number, text)


def pdf_pages(data: bytes) -> list[list[str]]:
    """Each page's text lines, white space removed, the page number dropped."""
    with pdfplumber.open(BytesIO(data)) as pdf:
        pages = [(page.extract_text() or "").splitlines() for page in pdf.pages]
    return [
        [
            re.sub(r"\s+", "", line)
            for line in lines
            if line.strip() and not PAGE_NUMBER.match(line.strip())
        ]
        for lines in pages
    ]


def check_pdf_pages(
    pages: list[list[str]], paragraphs, signature: str, date: str, note: str = ""
) -> None:
    """The date ends the last page (only the 附注 may follow it), the 署名 is right above it,
    and the whole last body paragraph is on that page above them."""
    last_page = pages[-1]
    if note:
        tail = "".join(last_page)
        assert tail.endswith(re.sub(r"\s+", "", note))
        # Drop the note's lines (it may have flowed onto a page of its own).
        while last_page and last_page[-1] != date:
            last_page = last_page[:-1]
        if not last_page:
            last_page = pages[-2]
    assert len(last_page) >= 3, f"the signature block stands alone on the last page: {last_page}"
    assert last_page[-1] == date
    assert last_page[-2] == signature
    text_above = "".join(last_page[:-2])
    last = re.sub(r"\s+", "", paragraphs[-1])
    assert text_above.endswith(last), (text_above[-60:], last)


def check_pdf(letter: Letter) -> list[list[str]]:
    layout = letter_layout(letter)
    pages = pdf_pages(render_letter(letter, "pdf"))
    check_pdf_pages(pages, layout.paragraphs, layout.signature, layout.date, layout.note)
    whole = "".join("".join(page) for page in pages)
    assert seams(whole) == [], letter.number
    assert "您（单位）" not in whole
    return pages


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("applicant_kind", list(APPLICANTS))
def test_every_letter_reads_as_an_office_would_sign_it(office, clerk, head, applicant_kind):
    letters = issue_every_letter(office, clerk, head, APPLICANTS[applicant_kind])
    kinds = {(letter.kind, letter.recipient) for letter in letters}
    assert {kind for kind, _recipient in kinds} == set(LetterKind.values)
    assert len(letters) == 8 + len(LETTER_KINDS)
    for letter in letters:
        check_wording(letter, applicant_kind)
        check_docx(letter)
    if not cjk_font_installed():
        pytest.skip("no Chinese font: the PDFs cannot be printed here")
    for letter in letters:
        check_pdf(letter)


def test_the_reply_describes_the_information_without_a_doubled_stop(office, clerk, head):
    letters = issue_every_letter(office, clerk, head, APPLICANTS["organisation"])
    receipt = letters[0]
    assert (
        "所需信息的内容描述：“2024年度盐池县科技计划项目立项名单及资金安排情况”。" in receipt.body
    )
    reply = next(x for x in letters if x.kind == LetterKind.REPLY)
    assert "收到贵单位提出的政府信息公开申请" in reply.body
    # The clerk's own 经审查 after the template's is dropped, the rest of the text kept.
    assert "向贵单位提供该政府信息。贵单位申请的信息已整理完毕，随本答复书一并提供，共3页。" in (
        reply.body
    )
    assert reply.body.count("经审查") == 1
    consultations = [x for x in letters if x.kind == LetterKind.CONSULTATION_LETTER]
    assert "可能损害贵单位的合法权益" in consultations[0].body
    assert "现征求贵机关意见" in consultations[1].body


def _letter(paragraph_count: int, filler: int) -> Letter:
    """A letter whose body grows by ``filler`` characters (about a line per 28)."""
    paragraphs = [
        "本机关于2025年3月3日收到您提出的政府信息公开申请，现答复如下：",
        *["经审查，您申请获取的政府信息属于可以公开的政府信息，本机关决定予以公开。" * 2]
        * paragraph_count,
        "审" * filler + "。",
        (
            "如对本答复不服，可以自收到本答复之日起60日内向盐池县人民政府申请行政复议，"
            "或者自收到本答复之日起6个月内向盐池县人民法院提起行政诉讼。"
        ),
    ]
    body = "张三：\n" + "\n".join(paragraphs) + "\n\n盐池县科学技术局\n2025年3月17日"
    return Letter(
        title="盐池县科学技术局政府信息公开申请答复书", number="盐科公复〔2025〕1号", body=body
    )


@pytest.mark.skipif(not cjk_font_installed(), reason="no Chinese font installed")
def test_the_signature_block_moves_with_the_last_paragraph_at_every_page_break():
    """Letters grown line by line through a whole page: wherever the page break falls, the
    last paragraph, 署名 and date stay together (and at least one break falls inside the
    block, so the block really had to move)."""
    moved = 0
    for filler in range(0, 28 * 24, 28):
        letter = _letter(paragraph_count=5, filler=filler)
        layout = letter_layout(letter)
        pages = pdf_pages(render_letter(letter, "pdf"))
        check_pdf_pages(pages, layout.paragraphs, layout.signature, layout.date)
        # The last page starts with the last paragraph: without the keep rule the break
        # would have fallen inside the closing block.
        if len(pages) > 1 and pages[-1][0].startswith("如对本答复不服"):
            moved += 1
    assert moved >= 1
