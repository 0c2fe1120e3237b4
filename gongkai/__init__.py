"""公开 Gongkai: government information disclosure (政府信息公开) work for Chinese agencies."""
