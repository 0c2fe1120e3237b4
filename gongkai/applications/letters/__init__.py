"""Letters of the 依申请公开 procedure (告知书、答复书): numbered, frozen, rendered as 公文.

- ``defaults``: the built-in wording of every kind and every reply letter;
- ``context``: the placeholders a template may use and the sandboxed engine that fills them;
- ``numbering``: 文号 patterns, the agency's settings (``ensure_letter_settings``), numbers;
- ``services``: ``letter_issue``, ``letter_record_delivery``, template and settings saves;
- ``render``: ``render_letter(letter, "docx" | "pdf")``;
- ``admin``: the back-office screens 文书设置 and 文书模板.
"""
