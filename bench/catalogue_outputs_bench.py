"""Benchmark of the catalogue's machine-readable outputs (API, feed, sitemap) at a million items.

    .venv/bin/python bench/catalogue_outputs_bench.py [--rows N] [--repeat R] [--rebuild]

PostgreSQL only (127.0.0.1:5432, user postgres), database ``gk_catalogue_bench_N``, built once
and kept: migrated, the demo loaded (the seed bureau's column and catalogue), then N published
主动公开 items under the bureau's 法定主动公开内容 written with ``COPY`` (Wagtail page rows with
their tree paths, and the item rows), 发布日期 spread over 2015-2026, every 第二十条 item and
topic, a tenth repealed. ``--rebuild`` starts again.

Timed: real requests through Django's test client (middleware, DRF, serializers, templates —
everything but the network), wall time, p50 / p95 of ``--repeat`` requests (default 10) after
one warm-up: the API's first page, a page deep in the list by its cursor, filtered lists, one
item by id and by 索引号, a 304; the region's feed; the sitemap index and an items file.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.queue_bench import PG_HOST, _psql  # noqa: E402 - after the path is set

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet (steplen 4)


def _step(n: int) -> str:
    digits = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        digits = ALPHABET[r] + digits
    return digits


def _build(rows: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from gongkai.catalog.models import CatalogueIndexPage, CatalogueItemPage
    from gongkai.statute.proactive import ARTICLE_20_ITEMS, TOPICS

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    index = CatalogueIndexPage.objects.get(url_path__endswith="/yanchi-kjj/fdzdgknr/")
    agency_id = CatalogueItemPage.objects.filter(path__startswith=index.path).first().agency_id
    content_type = ContentType.objects.get_for_model(CatalogueItemPage).pk
    locale = index.locale_id
    first_child = index.numchild + 10
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM wagtailcore_page")
        first_id = cursor.fetchone()[0] + 1
    rng = random.Random(8)
    start = datetime.date(2015, 1, 1)
    span = (datetime.date(2026, 11, 30) - start).days
    now = datetime.datetime.now(datetime.UTC).isoformat()
    pages, items = io.StringIO(), io.StringIO()
    for n in range(rows):
        pk = first_id + n
        published = start + datetime.timedelta(days=rng.randrange(span))
        slug = f"{published:%Y%m%d}-b{n:07x}"
        path = index.path + _step(first_child + n)
        title = f"盐池县科学技术局关于第{n}号事项的信息"
        pages.write(
            "\t".join(
                [
                    str(pk),
                    path,
                    str(index.depth + 1),
                    "0",
                    title,
                    title,
                    slug,
                    str(content_type),
                    "t",
                    "f",
                    f"{index.url_path}{slug}/",
                    "",
                    "f",
                    "",
                    "f",
                    "f",
                    str(locale),
                    uuid.uuid4().hex,
                    now,
                    now,
                    now,
                ]
            )
            + "\n"
        )
        items.write(
            "\t".join(
                [
                    str(pk),
                    f"BENCH/{published.year}-{n:07d}",
                    "",
                    "",
                    published.isoformat(),
                    published.isoformat(),
                    TOPICS[n % len(TOPICS)],
                    str(ARTICLE_20_ITEMS[n % len(ARTICLE_20_ITEMS)][0]),
                    "proactive",
                    "",
                    "repealed" if n % 10 == 0 else "in_force",
                    "\\N" if n % 10 else published.isoformat(),
                    f"第{n}号事项的内容概述。",
                    "",
                    str(agency_id),
                ]
            )
            + "\n"
        )
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        pages.seek(0)
        with raw.copy(
            "COPY wagtailcore_page (id, path, depth, numchild, title, draft_title, slug,"
            " content_type_id, live, has_unpublished_changes, url_path, seo_title, show_in_menus,"
            " search_description, expired, locked, locale_id, translation_key,"
            " latest_revision_created_at, first_published_at, last_published_at) FROM STDIN"
        ) as copy:
            copy.write(pages.read())
        items.seek(0)
        with raw.copy(
            "COPY catalog_catalogueitempage (page_ptr_id, index_number, publisher,"
            " document_number, written_on, published_on, topic, article_20_item, attribute,"
            " withholding_reason, validity, invalid_on, summary, body, agency_id) FROM STDIN"
        ) as copy:
            copy.write(items.read())
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), %s)",
            [first_id + rows],
        )
        cursor.execute(
            "UPDATE wagtailcore_page SET numchild = numchild + %s WHERE id = %s", [rows, index.pk]
        )
        cursor.execute("ANALYZE")


def _time(client, url: str, repeat: int, **headers) -> tuple[float, float, int]:
    response = client.get(url, **headers)
    status = response.status_code
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url, **headers)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == status
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], status


def bench(repeat: int) -> None:
    from django.test import Client

    from gongkai.catalog.api.serializers import Cursor
    from gongkai.catalog.models import CatalogueItemPage

    client = Client()
    oldest = CatalogueItemPage.objects.order_by("published_on", "pk").first()
    deep = Cursor(oldest.published_on + datetime.timedelta(days=30), 0).encode()
    some = CatalogueItemPage.objects.order_by("pk")[500_000 % CatalogueItemPage.objects.count()]
    listing = client.get("/api/catalogue/items/")
    last = CatalogueItemPage.objects.count() // 50_000 + 1
    cases = [
        ("API list, page 1 (20 items)", "/api/catalogue/items/", {}),
        ("API list, 100 items", "/api/catalogue/items/?limit=100", {}),
        ("API list, a page near the end (cursor)", f"/api/catalogue/items/?cursor={deep}", {}),
        ("API list, agency + year 2020", "/api/catalogue/items/?agency=yanchi-kjj&year=2020", {}),
        ("API list, 第二十条 item 7", "/api/catalogue/items/?article_20_item=7", {}),
        (
            # No item is both (the rows' items and validities cycle in step): the worst case,
            # a filter that matches nothing walks the whole order.
            "API list, item 7 + validity repealed (matches none)",
            "/api/catalogue/items/?article_20_item=7&validity=repealed",
            {},
        ),
        ("API list, topic + year 2016", "/api/catalogue/items/?topic=综合政务&year=2016", {}),
        ("API item by id", f"/api/catalogue/items/{some.pk}/", {}),
        ("API item by 索引号", f"/api/catalogue/index-numbers/{some.index_number}/", {}),
        (
            "API list, 304 (If-None-Match)",
            "/api/catalogue/items/",
            {"HTTP_IF_NONE_MATCH": listing["ETag"]},
        ),
        ("region feed (50 entries)", "/gongkai/feed/", {}),
        ("agency feed, item 7", "/gongkai/yanchi-kjj/feed/?item=7", {}),
        ("sitemap.xml (index)", "/sitemap.xml", {}),
        (f"sitemap-items.xml?p={last} (the last file)", f"/sitemap-items.xml?p={last}", {}),
    ]
    print("| request | p50 ms | p95 ms | status |\n|---|---|---|---|")
    for label, url, headers in cases:
        runs = repeat if "sitemap-items" not in url else max(3, repeat // 3)
        p50, p95, status = _time(client, url, runs, **headers)
        print(f"| {label} | {p50:.0f} | {p95:.0f} | {status} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    name = f"gk_catalogue_bench_{args.rows}"
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"  # noqa: S608 - an int in it
    exists = _psql(query) == "1"
    if exists and args.rebuild:
        _psql(f"DROP DATABASE {name}")
        exists = False
    if not exists:
        subprocess.run(["createdb", *PG_HOST, name], check=True)  # noqa: S603, S607
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ["GONGKAI_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    if not exists:
        began = time.perf_counter()
        _build(args.rows)
        print(f"built {args.rows:,} items in {time.perf_counter() - began:.0f} s", flush=True)
    from django.core.management import call_command

    # Production serves hashed static names from the manifest collectstatic writes (the 404 page).
    call_command("collectstatic", interactive=False, verbosity=0)
    bench(args.repeat)


if __name__ == "__main__":
    main()
