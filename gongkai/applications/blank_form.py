"""The blank 政府信息公开申请表 as DOCX, for applicants who write or post their application.

Built from the online form's own field definitions (``forms.applicant.ApplicantFields``): the
same items, labels and choices (docs/disclosure-rules.md §4.1), so the paper form never drifts
from the web form. Printed on A4 with the project's 公文 styles (``official_document.docx``).
"""

from __future__ import annotations

import io

from docx.shared import Cm, Pt

from gongkai.agencies.models import Agency
from gongkai.applications.forms.applicant import ApplicantFields
from gongkai.official_document import docx as layout

BOX = "□"
CITIZEN_ROWS = ("name", "id_type", "id_number")
ORGANISATION_ROWS = ("legal_representative", "contact_person")
CONTACT_ROWS = ("phone", "email", "address", "postal_code", "fax")
REQUEST_ROWS = ("description", "document_number", "index_number")
CHOICE_ROWS = ("carriers", "delivery_methods")


def _label(name: str) -> str:
    return str(ApplicantFields.base_fields[name].label)


def _choices(name: str) -> str:
    field = ApplicantFields.base_fields[name]
    return "　".join(f"{BOX}{label}" for _value, label in field.choices)  # type: ignore[attr-defined]


def _row(table, label: str, value: str = "", *, height_cm: float = 0.9) -> None:
    cells = table.add_row().cells
    cells[0].text, cells[1].text = label, value
    table.rows[-1].height = Cm(height_cm)


def blank_form_docx(agency: Agency) -> bytes:
    """The agency's blank 申请表 (its name in the title, its address for posting)."""
    doc = layout.new_document(f"{agency.name}政府信息公开申请表")
    layout.add_title(doc, [f"{agency.name}", "政府信息公开申请表"])
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _row(table, "申请人类型", f"{BOX}公民　{BOX}法人　{BOX}其他组织")
    _row(table, "公民：" + _label("name"))
    for name in CITIZEN_ROWS[1:]:
        _row(table, _label(name), _choices(name) if name == "id_type" else "")
    _row(table, "法人或者其他组织：名称")
    _row(table, "统一社会信用代码")
    for name in ORGANISATION_ROWS:
        _row(table, _label(name))
    for name in CONTACT_ROWS:
        _row(table, _label(name))
    for name in REQUEST_ROWS:
        _row(table, _label(name), height_cm=3.0 if name == "description" else 0.9)
    for name in CHOICE_ROWS:
        _row(table, _label(name), _choices(name))
    _row(table, _label("accept_other_methods"), f"{BOX}是　{BOX}否")
    _row(table, "申请人签名或者盖章", "", height_cm=1.6)
    _row(table, "申请日期", "　　　　年　　月　　日")
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(5.0), Cm(10.6)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.first_line_indent = Pt(0)
    notes = [
        "填写说明：",
        (
            "1. 申请人是公民的，请提供身份证明复印件；是法人或者其他组织的，请提供统一社会信用代码"
            "证明复印件（《中华人民共和国政府信息公开条例》第二十九条）。"
        ),
        "2. 请尽量写明所需信息的名称、文号或者便于查询的其他特征性描述。",
        (
            "3. 本机关自收到申请之日起20个工作日内予以答复；需要延长的，经政府信息公开工作机构"
            "负责人同意，延长不超过20个工作日（第三十三条）。"
        ),
    ]
    where = "、".join(part for part in (agency.disclosure_office, agency.address) if part)
    if where:
        notes.append(
            f"4. 递交或者邮寄地址：{agency.name}{where}"
            + (f"（邮编 {agency.postal_code}）" if agency.postal_code else "")
            + "。"
        )
    for line in notes:
        layout.add_paragraph(doc, line, indent=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
