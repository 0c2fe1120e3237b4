"""The index of applicants' names that the queue's name search reads.

``name LIKE '%…%'`` cannot use an index, so with a million applications it reads every row. Each
application instead has one row per pair of consecutive characters of its name (the last
character alone), looked up by the pair (a search of two or more characters) or by its first
character (a search of one): ordinary B-tree indexes that SQLite and a stock PostgreSQL both
have, and CJK text needs no word segmentation. ``gongkai.applications.search`` writes and reads
it; the name itself stays the one the row shows, checked again on the few candidates.
"""

from __future__ import annotations

from django.db import models

from gongkai.applications.models.application import Application


class NameGram(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="name_grams", verbose_name="申请"
    )
    gram = models.CharField("姓名片段", max_length=2)
    lead = models.CharField("片段首字", max_length=1)

    class Meta:
        verbose_name = "申请人姓名索引"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["gram", "application"], name="namegram_gram_app"),
        ]
        indexes = [models.Index(fields=["lead", "application"], name="namegram_lead_app_idx")]

    def __str__(self) -> str:
        return self.gram
