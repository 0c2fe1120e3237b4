"""Management commands of the 依申请公开 app."""
