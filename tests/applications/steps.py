"""Steps as a caller outside the web pages takes them (a task, the CLI, a test)."""

from gongkai.applications import services


def send_fee_notice(*, application, method, quantity, **kwargs):
    """Quote the fee, then confirm the amount the quote gave, as the detail page does."""
    quote = services.fee_quote(application, method, quantity)
    return services.application_send_fee_notice(
        application=application,
        method=method,
        quantity=quantity,
        confirmed_amount=quote.amount,
        **kwargs,
    )
