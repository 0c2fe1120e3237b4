"""Settings of the serving benchmark only: Gongkai's, plus the bare view's URL (bench/serve_urls.py).

Used by bench/serve_bench.py through DJANGO_SETTINGS_MODULE; nothing in the gongkai package
refers to it, so the bare view exists only while the benchmark runs.
"""

from gongkai.settings import *  # noqa: F403

ROOT_URLCONF = "bench.serve_urls"
