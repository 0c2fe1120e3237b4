"""The project's own catalogue fills the gaps of Wagtail's Chinese translation."""

import ast
import gettext
from pathlib import Path

from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[2] / "gongkai/locale/zh_Hans/LC_MESSAGES"


def _po_entries(path: Path) -> dict:
    """``{msgid or (msgid, 0): msgstr}`` of a .po file (no context entries in ours)."""
    entries, current, key = {}, {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if current.get("msgid"):
                plural = "msgid_plural" in current
                entries[(current["msgid"], 0) if plural else current["msgid"]] = current.get(
                    "msgstr[0]" if plural else "msgstr"
                )
            current = {}
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        elif not line.startswith("#"):
            key, _, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return entries


def test_wagtail_error_summary_button_is_in_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Go to the first error") == "转到第一个错误"
        # Wagtail's own translations still apply.
        assert translation.gettext("Log in") != "Log in"


def test_the_committed_mo_is_compiled_from_the_po():
    """Edit the .po, then: msgfmt --check -o django.mo django.po (see the .po's header)."""
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    source = _po_entries(CATALOGUE / "django.po")

    assert len(source) > 350
    assert {key: compiled.get(key) for key in source} == source


def test_plurals_and_the_framework_name():
    with translation.override("zh-hans"):
        pages = '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>'
        plural = '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>'
        assert translation.ngettext(pages, plural, 3).startswith("%(total)s 个页面")
        assert translation.ngettext(pages, plural, 1).startswith("%(total)s 个页面")
        assert translation.gettext("Wagtail core") == "核心组件"
        assert translation.gettext("Search all pages…") == "搜索全部页面…"
