"""Who did and saw what (审计日志)."""
