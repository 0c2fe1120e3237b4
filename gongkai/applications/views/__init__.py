"""Views of the 依申请公开 app: the public portal (public) and the back office (admin)."""
