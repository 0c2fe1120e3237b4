"""Forms of the 依申请公开 app: the public application form (public) and staff forms (staff)."""
