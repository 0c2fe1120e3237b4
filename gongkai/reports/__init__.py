"""Annual reports (年度报告): live statistics, narrative, sign-off, publication, exports."""
