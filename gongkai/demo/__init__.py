"""The demo (``make run``): the seed bureau 盐池县科学技术局 with its 2020 report and a live year.

Above every app of the 条例 (it creates agencies, reports, work-log entries, applications and
portal pages through their services) and used by nothing but ``load_demo``: production code
never imports it.
"""
