"""The layout of a Chinese official document (公文, GB/T 9704-2012), pure Python, no Django.

Every printed document of the platform (the annual report, the letters of the 依申请公开
procedure) is laid out by these modules, so the page, the type and the signature block are
the same everywhere and are changed in one place:

- ``layout``: the page (A4, margins 37/35/28/26 mm), the type (方正小标宋简体 二号 title,
  仿宋_GB2312 三号 body on a 28 pt pitch), the CSS font stacks with their CJK fallbacks, text
  helpers (``clean_text``, ``text_width_em``) and the geometry of the signature block
  (``signature_offsets``: 成文日期右空四字, the 署名 centred over it, room for the seal);
- ``docx``: python-docx building blocks (styles, page, title, 文号 line, body paragraphs, a
  signature block kept on the page of the last paragraph);
- ``html``: the print CSS of the same page and blocks (the PDF is printed from HTML);
- ``pdf``: whether a Chinese font is installed, and HTML → PDF with WeasyPrint.

python-docx and WeasyPrint are imported by ``docx`` and ``pdf`` only, so importing ``layout``
or ``html`` costs nothing.
"""
