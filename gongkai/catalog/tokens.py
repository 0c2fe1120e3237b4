"""Chinese text as search tokens: every Han character and every pair of neighbours (bigrams).

Chinese is written without spaces, so a full-text engine's default tokenizer (SQLite FTS5's
unicode61, PostgreSQL's ``simple`` configuration) sees a whole run of characters as one word and
"预算" would not find "部门预算". Indexed text is turned into single characters and bigrams;
a query into its bigrams (or its single character), all required: every item containing the
query's characters in that order is found, on a stock server, with no dictionary to maintain.
Latin words and numbers stay whole (lower-cased). An Elasticsearch/OpenSearch backend with a
Chinese analyzer would index the plain text instead (``CatalogueItemPage.search_fields``).
"""

from __future__ import annotations

import re
import unicodedata

# Han ideographs (CJK Unified Ideographs and Extension A) and the compatibility block.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_HAN}]+|[0-9a-z]+")
MAX_QUERY_CHARACTERS = 50


def _runs(text: str) -> list[str]:
    return _RUN.findall(unicodedata.normalize("NFKC", text or "").lower())


def index_tokens(text: str) -> str:
    """``text`` as space-separated tokens for the index: characters, bigrams, words."""
    tokens: list[str] = []
    for run in _runs(text):
        if run[0].isascii():
            tokens.append(run)
            continue
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(tokens)


def query_tokens(query: str) -> list[str]:
    """The tokens all of which an item must contain to match ``query`` (deduplicated, in
    order); empty for a query with nothing searchable. Overlong queries are cut."""
    tokens: list[str] = []
    for run in _runs(query[: MAX_QUERY_CHARACTERS * 4])[:MAX_QUERY_CHARACTERS]:
        run = run[:MAX_QUERY_CHARACTERS]
        if run[0].isascii() or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(tokens))


def terms(query: str) -> list[str]:
    """The query's own words (Han runs and Latin words), to highlight in the results."""
    return [run for run in _runs(query[: MAX_QUERY_CHARACTERS * 4]) if run][:10]
