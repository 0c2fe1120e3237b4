"""The project's own catalogue fills the gaps of Wagtail's Chinese translation."""

from django.utils import translation


def test_wagtail_error_summary_button_is_in_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Go to the first error") == "转到第一个错误"
        # Wagtail's own translations still apply.
        assert translation.gettext("Log in") != "Log in"
