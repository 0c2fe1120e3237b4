"""The queue's search of applicants' names, on the ``NameGram`` index (see its module).

``name_grams`` is the one definition of what is indexed; ``index_name`` (called by the services
that set or change a name, inside their transaction) keeps an application's rows in line with
its name; ``name_condition`` is the filter the queue applies.
"""

from __future__ import annotations

from django.db.models import Q

from gongkai.applications.models import Application
from gongkai.applications.models.search import NameGram

# Above this many applications with the rarest pair of a query, the index is not used.
DENSE = 100_000


def _folded(text: str) -> str:
    return "".join(text.split()).casefold()


def name_grams(name: str) -> set[str]:
    """Each pair of consecutive characters of ``name`` and its last character alone
    (whitespace left out, case folded): "王海燕" → {"王海", "海燕", "燕"}."""
    folded = _folded(name)
    grams = {folded[i : i + 2] for i in range(len(folded) - 1)}
    if folded:
        grams.add(folded[-1])
    return grams


def index_name(application: Application) -> None:
    """Replace ``application``'s rows with those of its current name (inside the caller's
    transaction)."""
    NameGram.objects.filter(application=application).delete()
    NameGram.objects.bulk_create(
        NameGram(application=application, gram=gram, lead=gram[0])
        for gram in sorted(name_grams(application.name))
    )


def name_condition(text: str) -> Q:
    """Applications whose name contains ``text`` (case folded, whitespace ignored).

    The candidates come from the index by the query's rarest pair (or its one character). When
    even that is common (a surname, "有限公司"), the matches are dense and reading the queue in
    its order finds a page of them sooner than the index would list them all: the plain
    containment is returned then. Up to three capped index counts choose between the two.
    """
    folded = _folded(text)
    if not folded:
        return Q(pk__in=[])
    text = text.strip()
    # Chinese has no case: then a plain LIKE, which PostgreSQL estimates from the column's
    # statistics (it has none for the UPPER(name) of icontains, guesses a handful of rows and
    # sorts every match instead of reading the queue's index in order).
    contains = Q(name__contains=text) if text.lower() == text.upper() else Q(name__icontains=text)
    if len(folded) == 1:
        lookups = [Q(lead=folded)]
    else:
        # First, middle and last pair: enough to find a rare one in a long query.
        pairs = [folded[i : i + 2] for i in range(len(folded) - 1)]
        lookups = [Q(gram=pair) for pair in sorted({pairs[0], pairs[len(pairs) // 2], pairs[-1]})]
    counted = [(NameGram.objects.filter(lookup)[:DENSE].count(), lookup) for lookup in lookups]
    count, rarest = min(counted, key=lambda item: item[0])
    if count >= DENSE:
        return contains
    return Q(pk__in=NameGram.objects.filter(rarest).values("application_id")) & contains
