"""A breadth-first crawl of the back office that reports English, "Wagtail" and off-site links.

``crawl(client, ...)`` starts at the dashboard, follows every same-site ``/admin/`` link (GET
only) and inspects each HTML page it reaches. What counts as a finding:

- English UI text: a run of two or more Latin letters in a visible text node, the page title or
  one of the user-facing attributes (``title``, ``placeholder``, ``aria-label``, ``alt``, the
  ``value`` of buttons, Wagtail's tooltip and confirmation texts), unless it is an allowed word
  (file format names, ID, URL) or part of the data the test made (``allowed_words``);
- the framework's name, "Wagtail", anywhere visible (tab titles included);
- a link, form action, image, script or stylesheet on another host (e.g. guide.wagtail.org,
  Gravatar): an office network cannot reach it, and the back office must not leak to it.

The crawl visits each URL pattern (numbers in the path replaced by ``N``, the set of query
parameter names but sorting and paging) at most ``per_pattern`` times, so a listing with a
hundred rows costs a few pages, and stops at ``limit`` pages.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString

# File formats and units, abbreviations the office uses as they are (ID, URL), the names of
# products and services as Chinese offices write them (Word, Excel, EMS: China Post's express).
ALLOWED_WORDS = frozenset(
    {"docx", "pdf", "xlsx", "html", "json", "csv", "zip", "tsv", "id", "url"}
    | {"avif", "gif", "jpg", "jpeg", "png", "webp", "kb", "mb", "gb"}
    | {"word", "excel", "ems"}
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Not words: codes that mix letters with digits or masking stars (统一社会信用代码 "916403****B2CE",
# 查询码 "U7MBT7Y3MR79"), the placeholders of the letter templates ({{ applicant_name }},
# {% if … %}, {year}) and of Wagtail's scripts (__LABEL__).
NOT_WORDS = re.compile(
    r"\b[0-9A-Za-z*]*[0-9*][0-9A-Za-z*]*\b|\{\{.*?\}\}|\{%.*?%\}|\{[a-z_]+\}|__[A-Z_]+__"
)
FRAMEWORK_NAME = re.compile(r"wagtail", re.IGNORECASE)

# Attributes whose value a user reads (on screen, as a tooltip or from a screen reader).
TEXT_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "aria-description")
# Stimulus values of Wagtail's admin that are shown as text: tooltips, confirmation dialogs,
# "copied" messages, the unsaved-changes warning.
TEXT_DATA_ATTRIBUTE = re.compile(
    r"^data-w-[a-z-]+-(content|confirm|confirmation|message|label|text|error|success)"
    r"(-[a-z]+)*-value$"
)
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "data-url", "poster")
HARMLESS_SCHEMES = {"mailto", "tel", "javascript", "data", "blob"}

# Never followed: leaving the session, and screens that only lead to a POST of a change.
# Bulk actions (/admin/bulk/…) are opened by script with the selected rows' ids; without ids
# they answer 404. Letters as DOCX/PDF are files, checked by their own tests.
SKIPPED_PATH = re.compile(
    r"/logout/|/delete/|/unpublish/|/revisions/\d+/revert/|/copy/|/move/|/download/|/attachment/"
    r"|^/admin/bulk/|/(docx|pdf|xlsx)/$"
)
# Query parameters that show the same screen (see ``pattern_of``).
SAME_SCREEN_QUERY_KEYS = {"ordering", "p", "next"}
# Exports of a listing (CSV/XLSX) are files, not screens.
SKIPPED_QUERY = re.compile(r"(^|&)export=")


@dataclass(frozen=True)
class Finding:
    url: str
    kind: str  # "english", "framework", "offsite", "status"
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.url} [{self.kind}] {self.where}: {self.text!r}"


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # The HTML of every page visited, by URL (for checks of what a user may see).
    pages: dict[str, str] = field(default_factory=dict)


def pattern_of(url: str) -> tuple[str, frozenset[str]]:
    """``/admin/pages/12/?q=x&p=2`` -> ``("/admin/pages/N/", {"q"})``.

    Sorting, paging and the return address change the order of the rows, not the words of
    the screen: a listing sorted by each column is one pattern.
    """
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/)", "/N", parts.path)
    keys = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return path, frozenset(keys - SAME_SCREEN_QUERY_KEYS)


def english_words(text: str, allowed: frozenset[str]) -> list[str]:
    """The Latin-letter words of ``text`` that are neither allowed nor test data."""
    return [w for w in LATIN_WORD.findall(NOT_WORDS.sub(" ", text)) if w.lower() not in allowed]


def _visible_strings(soup: BeautifulSoup):
    for node in soup.find_all(string=True):
        if isinstance(node, Comment | Doctype) or not isinstance(node, NavigableString):
            continue
        parent = node.parent
        # <kbd>: key caps, printed "Ctrl", "Shift", "Esc" on Chinese keyboards too. An <iframe>'s
        # content is the framed page, checked on its own.
        if parent is None or parent.name in {"script", "style", "kbd", "iframe"}:
            continue
        if parent.name == "title":
            continue  # checked on its own, as the tab title
        text = " ".join(node.split())
        if text:
            yield parent, text


def _is_text_attribute(tag, name: str, value: str) -> bool:
    if name in TEXT_ATTRIBUTES:
        return True
    if TEXT_DATA_ATTRIBUTE.match(name):
        return value not in {"true", "false"}
    # The label of an input button. A <button>'s value is never shown (its content is, as a
    # text node): Wagtail uses it for form codes like "action-publish".
    return (
        name == "value"
        and tag.name == "input"
        and tag.get("type", "").lower() in BUTTON_INPUT_TYPES
    )


def _attribute_texts(soup: BeautifulSoup):
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if isinstance(value, str) and value.strip() and _is_text_attribute(tag, name, value):
                yield tag, name, value


def inspect_page(
    url: str, html: str, *, allowed_words: frozenset[str], own_hosts: frozenset[str]
) -> tuple[list[Finding], list[str]]:
    """The findings of one page and the same-site URLs it links to (absolute paths)."""
    soup = BeautifulSoup(html, "lxml")
    findings: list[Finding] = []
    allowed = ALLOWED_WORDS | allowed_words

    def check(where: str, text: str) -> None:
        if FRAMEWORK_NAME.search(text):
            findings.append(Finding(url, "framework", where, text[:160]))
        elif english_words(text, allowed):
            findings.append(Finding(url, "english", where, text[:160]))

    title = soup.find("title")
    check("<title>", title.get_text(" ", strip=True) if title else "")
    for parent, text in _visible_strings(soup):
        check(f"<{parent.name}> text", text)
    for tag, name, value in _attribute_texts(soup):
        check(f"<{tag.name} {name}>", value)

    links: list[str] = []

    def follow(where: str, candidate: str) -> None:
        target = urlsplit(urljoin(url, candidate))
        if target.scheme in HARMLESS_SCHEMES:
            return
        if target.netloc and target.hostname not in own_hosts:
            findings.append(Finding(url, "offsite", where, candidate))
        elif where.startswith(("<a ", "menu")) and target.path.startswith("/admin/"):
            links.append(f"{target.path}?{target.query}" if target.query else target.path)

    # The sidebar (main menu, help menu, account menu) is drawn by script from this JSON.
    sidebar = soup.find("script", id="wagtail-sidebar-props")
    if sidebar is not None:
        for key, value in _json_strings(json.loads(sidebar.get_text())):
            if key in {"label", "footer_text"}:
                check(f"menu {key}", value)
            elif key in {"url", "action"}:
                follow(f"menu {key}", value)

    for tag in soup.find_all(True):
        for name in URL_ATTRIBUTES:
            value = tag.get(name)
            if not isinstance(value, str) or not value.strip():
                continue
            candidates = (
                [c.strip().split(" ")[0] for c in value.split(",")]
                if name == "srcset"
                else [value.strip()]
            )
            for candidate in candidates:
                follow(f"<{tag.name} {name}>", candidate)
    return findings, links


def _json_strings(data, key: str = ""):
    """Every (key, string) pair in a JSON document, at any depth."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _json_strings(value, name)
    elif isinstance(data, list):
        for item in data:
            yield from _json_strings(item, key)
    elif isinstance(data, str):
        yield key, data


def crawl(
    client,
    *,
    start: tuple[str, ...] = ("/admin/",),
    allowed_words: frozenset[str] = frozenset(),
    own_hosts: frozenset[str] = frozenset({"testserver"}),
    limit: int = 120,
    per_pattern: int = 2,
    pattern_budget: dict[str, int] | None = None,
) -> CrawlResult:
    """Visit the back office breadth-first from ``start`` as ``client``'s user (GET only).

    ``pattern_budget`` raises ``per_pattern`` for screens whose content depends on the row, e.g.
    ``{"/admin/applications/N/": 20}``: an application's page offers the actions of its state.
    """
    budget = pattern_budget or {}
    result = CrawlResult()
    queue: deque[str] = deque(start)
    seen: set[str] = set(start)
    pattern_counts: dict[tuple[str, frozenset[str]], int] = {}
    allowed = frozenset(w.lower() for w in allowed_words)
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        pattern = pattern_of(url)
        if pattern_counts.get(pattern, 0) >= budget.get(pattern[0], per_pattern):
            continue
        pattern_counts[pattern] = pattern_counts.get(pattern, 0) + 1
        response = client.get(url)
        result.visited.append(url)
        if response.status_code in {301, 302, 303, 307, 308}:
            location = urlsplit(urljoin(url, response["Location"]))
            if location.netloc and location.hostname not in own_hosts:
                result.findings.append(Finding(url, "offsite", "redirect", response["Location"]))
            elif location.path.startswith("/admin/"):
                query = f"?{location.query}" if location.query else ""
                _enqueue(f"{location.path}{query}", queue, seen)
            continue
        if response.status_code != 200:
            # A link the menu or a page offers must work for the user it is offered to.
            result.findings.append(Finding(url, "status", "HTTP", str(response.status_code)))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # downloads (DOCX, PDF, XLSX, CSV) are checked by their own tests
        html = response.content.decode()
        result.pages[url] = html
        findings, links = inspect_page(url, html, allowed_words=allowed, own_hosts=own_hosts)
        result.findings += findings
        for link in links:
            _enqueue(link, queue, seen)
    return result


def _enqueue(url: str, queue: deque[str], seen: set[str]) -> None:
    parts = urlsplit(url)
    if url in seen or SKIPPED_PATH.search(parts.path) or SKIPPED_QUERY.search(parts.query):
        return
    seen.add(url)
    queue.append(url)
