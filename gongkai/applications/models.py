"""Applications from the public (依申请公开, 条例第27-45条)."""
