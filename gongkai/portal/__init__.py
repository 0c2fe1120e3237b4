"""Public portal (信息公开门户): the agency's 信息公开 column as Wagtail pages."""
