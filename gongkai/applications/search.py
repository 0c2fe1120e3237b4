"""The queue's search of applicants' names, on the ``NameGram`` index (see its module).

``name_grams`` is the one definition of what is indexed; ``index_name`` (called by the services
that set or change a name, inside their transaction) keeps an application's rows in line with
its name; ``name_condition`` is the filter the queue applies.
"""

from __future__ import annotations

from django.db.models import Q

from gongkai.applications.models import Application
from gongkai.applications.models.search import NameGram


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
    """Applications whose name contains ``text`` (case folded, whitespace ignored)."""
    folded = _folded(text)
    if not folded:
        return Q(pk__in=[])
    if len(folded) == 1:
        lookups = [Q(lead=folded)]
    else:
        # A long query needs only a few of its pairs (first, middle, last) to narrow the
        # candidates; the containment itself is checked on them below.
        pairs = [folded[i : i + 2] for i in range(len(folded) - 1)]
        chosen = {pairs[0], pairs[len(pairs) // 2], pairs[-1]}
        lookups = [Q(gram=pair) for pair in sorted(chosen)]
    condition = Q()
    for lookup in lookups:
        condition &= Q(pk__in=NameGram.objects.filter(lookup).values("application_id"))
    return condition & Q(name__icontains=text.strip())
