"""Every write to an application, one function per state change (see ``common``)."""

from gongkai.applications.services.corrections import (
    application_correct_receipt_date,
    application_update_details,
    application_withdraw_last_step,
)
from gongkai.applications.services.deadlines import (
    RecomputeResult,
    applications_recompute_deadlines,
)
from gongkai.applications.services.intake import (
    AttachmentUpload,
    application_assign,
    application_confirm_receipt,
    application_discard,
    application_register,
    application_submit_online,
)
from gongkai.applications.services.procedure import (
    application_close_lapsed,
    application_decide,
    application_defer,
    application_end_consultation,
    application_extend,
    application_receive_supplement,
    application_record_fee_paid,
    application_request_supplement,
    application_send_fee_notice,
    application_start_consultation,
    fee_quote,
)

__all__ = [
    "AttachmentUpload",
    "RecomputeResult",
    "application_assign",
    "application_close_lapsed",
    "application_confirm_receipt",
    "application_correct_receipt_date",
    "application_decide",
    "application_defer",
    "application_discard",
    "application_end_consultation",
    "application_extend",
    "application_receive_supplement",
    "application_record_fee_paid",
    "application_register",
    "application_request_supplement",
    "application_send_fee_notice",
    "application_start_consultation",
    "application_submit_online",
    "application_update_details",
    "application_withdraw_last_step",
    "applications_recompute_deadlines",
    "fee_quote",
]
