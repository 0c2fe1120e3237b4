"""``manage.py applications_daily``: the daily job."""
