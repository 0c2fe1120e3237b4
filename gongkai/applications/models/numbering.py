"""The registration counter (登记序号): one row per agency and year, locked to take a number."""

from __future__ import annotations

from django.db import models


class RegistrationCounter(models.Model):
    """The last 登记序号 an agency gave out in ``year``.

    Taking a number locks this row (``SELECT … FOR UPDATE``) until the registering transaction
    commits, so concurrent submissions queue for it instead of computing the same
    ``MAX(serial) + 1`` and colliding on the unique serial (seen with 20 simultaneous online
    submissions on PostgreSQL). A rolled-back registration gives its number back.
    """

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    last_serial = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "登记序号"
        verbose_name_plural = "登记序号"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="registrationcounter_unique_agency_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last_serial}"
