"""How a letter addresses its reader, and the clean-up of its rendered text.

- ``applicant_you``: the form of address of the applicant by applicant type (申请人类型):
  "您" for a citizen (公民), "贵单位" for a 法人或者其他组织, as the 答复参考文本 of docs/disclosure-rules.md §4.2
  writes "您（或贵单位、贵公司等，下同）". A letter never prints "您（单位）".
- ``addressee_you``: the same for a consulted third party (第三十二条), whose type is not
  recorded: read from the name (organisation names end in 公司、中心、局… or are long).
- ``tidy_lines``: the text the template and the clerk wrote together, without the seams:
  doubled punctuation ("。。", "，。", "“…。”。"), the same opening twice ("经审查，经审查，", or
  "经审查" opening two sentences of one paragraph) and a salutation repeated on the next line.
"""

from __future__ import annotations

import re

CITIZEN_YOU = "您"
ORGANISATION_YOU = "贵单位"

# Last characters of the names of organisations (企业、机关、事业单位、社会组织).
_ORGANISATION_ENDINGS = (
    "公司",
    "单位",
    "集团",
    "中心",
    "协会",
    "学会",
    "商会",
    "委员会",
    "事务所",
    "合作社",
    "医院",
    "学校",
    "大学",
    "学院",
    "研究院",
    "研究所",
    "银行",
    "基金会",
    "工作室",
    "厂",
    "店",
    "局",
    "站",
    "所",
    "部",
    "办",
    "院",
    "社",
    "馆",
    "队",
    "场",
)
# A Chinese personal name has two to four characters; a longer one is an organisation's
# (a transliterated foreign name keeps its "·").
_LONGEST_PERSONAL_NAME = 5

# Openings a clerk's text repeats after the template's: 经审查，经审查， → 经审查，.
_OPENINGS = "经审查|经检索|经研究|经核查|经查"
_REPEATED_OPENING = re.compile(rf"({_OPENINGS})[，,]\s*(?=(?:{_OPENINGS})[，,])")
_OPENING = re.compile(rf"^(?:{_OPENINGS})[，,]")
# Sentence ends a following sentence starts after (a closing quote stays with its sentence).
_SENTENCE = re.compile(r".*?(?:[。！？][”’」』]?|$)")
# Doubled sentence punctuation where a template's sentence end meets a value's.
_PAUSE_BEFORE_STOP = re.compile(r"[，、；：,;:]+(?=[。！？])")
_STOP_THEN_MARK = re.compile(r"([。！？])[。，；、]+")
# A quotation ending with its own full stop, closed and followed by another: “…。”。 → “…。”
_QUOTED_STOP = re.compile(r"([。！？])([”’」』])。")
_DOUBLED_PAUSE = re.compile(r"([，、；])\1+")


def applicant_you(applicant_kind: str) -> str:
    """ "您" for a citizen ("citizen"), "贵单位" for a 法人或者其他组织 (any other kind)."""
    return CITIZEN_YOU if applicant_kind == "citizen" else ORGANISATION_YOU


def addressee_you(name: str) -> str:
    """ "贵单位" when ``name`` reads as an organisation's, "您" for a person's."""
    name = (name or "").strip()
    if name.endswith(_ORGANISATION_ENDINGS):
        return ORGANISATION_YOU
    if "·" in name or len(name) <= _LONGEST_PERSONAL_NAME:
        return CITIZEN_YOU
    return ORGANISATION_YOU


def _drop_repeated_sentence_openings(text: str) -> str:
    """ "经审查，A。根据…。经审查，B。" → "经审查，A。根据…。B。": the clerk's text, appended to a
    template paragraph that already opened the same way, loses its own opening."""
    out, seen = [], set()
    for sentence in _SENTENCE.findall(text):
        if not sentence:
            continue
        opening = _OPENING.match(sentence)
        if opening:
            word = opening.group(0)[:-1]
            if word in seen:
                sentence = sentence[opening.end() :]
            seen.add(word)
        out.append(sentence)
    return "".join(out)


def tidy_line(text: str) -> str:
    """One paragraph without doubled punctuation or a repeated opening."""
    text = _REPEATED_OPENING.sub("", text)
    text = _drop_repeated_sentence_openings(text)
    text = _QUOTED_STOP.sub(r"\1\2", text)
    text = _PAUSE_BEFORE_STOP.sub("", text)
    text = _STOP_THEN_MARK.sub(r"\1", text)
    return _DOUBLED_PAUSE.sub(r"\1", text)


def tidy_lines(lines: list[str]) -> list[str]:
    """``tidy_line`` on each paragraph; a salutation repeated on the next line is dropped."""
    out = [tidy_line(line) for line in lines]
    if len(out) > 1 and out[0] == out[1] and out[0].endswith(("：", ":")):
        out = out[:1] + out[2:]
    return out


def strip_sentence_end(text: str) -> str:
    """A value printed inside a sentence (a description in quotes): its own sentence-final
    punctuation removed, so "“…名单。”的" never appears."""
    return (text or "").strip().rstrip("。.；;，,、 \u3000")
