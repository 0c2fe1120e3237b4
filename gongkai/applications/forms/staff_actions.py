"""The detail page's action forms: one per step a clerk records on an application.

Each form types the step's input (dates default to today); the service it feeds decides whether
the step is allowed. Shared field types and ``add_service_errors`` are in ``forms.staff``.
"""

from __future__ import annotations

from typing import cast

from django import forms

from gongkai.applications.forms.staff import (
    DateField,
    StaffChoiceField,
    agency_staff,
    today,
)
from gongkai.applications.models import (
    ConsultationParty,
    DeliveryChannel,
    FeeMethod,
    LetterKind,
)
from gongkai.applications.services.applicant import (
    application_missing_contents,
    supplement_items,
)
from gongkai.statute.outcomes import (
    LETTER_KINDS,
    OUTCOMES,
    Outcome,
    outcome_choices_grouped,
)

# Outcomes reached only through 视为放弃结案 (application_close_lapsed), never chosen by hand.
LAPSED_OUTCOMES = frozenset({Outcome.OTHER_NO_SUPPLEMENT.value, Outcome.OTHER_UNPAID_FEE.value})
# Every article a refusal may rest on, offered as suggestions (a <datalist>) in 作出答复.
LEGAL_GROUND_SUGGESTIONS = tuple(
    dict.fromkeys(ground for info in OUTCOMES.values() for ground in info.legal_grounds)
)


class ActionForm(forms.Form):
    """Base of the detail page's action forms: a required date defaulting to today."""

    def __init__(self, *args, application=None, user=None, **kwargs):
        self.application = application
        self.user = user
        super().__init__(*args, **kwargs)
        if "on" in self.fields and not self.is_bound:
            self.fields["on"].initial = today()
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = f"请填写{field.label}。"


class ConfirmReceiptForm(ActionForm):
    received_on = DateField(
        label="双方确认之日",
        help_text="与申请人确认收到申请的日期，即收到申请之日（第三十一条），答复期限从次日起算。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["received_on"].initial = today()


class ReceiptForm(ActionForm):
    on = DateField(label="成文日期")


class SupplementRequestForm(ActionForm):
    on = DateField(
        label="告知日期", help_text="应在收到申请之日起7个工作日内一次性告知（第三十条）。"
    )
    items = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="一次性写明需要补正的全部事项，写入补正告知书。",
    )
    until = DateField(label="补正期限", help_text="申请人逾期不补正的，视为放弃申请。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.application is not None:
            # What the application lacks of 第29条, computed from it (nothing stored to drift).
            missing = application_missing_contents(self.application)
            self.fields["items"].initial = supplement_items(missing)


class SupplementReceiveForm(ActionForm):
    on = DateField(label="收到补正之日", help_text="答复期限自收到补正之日起重新计算（第三十条）。")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationStartForm(ActionForm):
    on = DateField(label="发出征求意见书之日")
    party = forms.ChoiceField(
        label="征求意见对象", choices=ConsultationParty.choices, widget=forms.RadioSelect
    )
    consulted = forms.CharField(
        label="被征求意见的单位或个人",
        max_length=200,
        help_text="征求意见所需时间不计算在答复期限内（第三十三条）。",
    )


class ConsultationEndForm(ActionForm):
    on = DateField(label="收到意见之日", help_text="第三方逾期未提出意见的，填写期限届满之日。")
    opinion = forms.CharField(
        label="意见摘要", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeeNoticeForm(ActionForm):
    on = DateField(label="收费通知书送达之日")
    method = forms.ChoiceField(
        label="收费方式", choices=FeeMethod.choices, widget=forms.RadioSelect
    )
    quantity = forms.IntegerField(
        label="件数或页数",
        min_value=1,
        max_value=1_000_000,
        help_text="按件计收填本次申请的件数（同一申请人当月已收件数自动计入），按量计收填页数。",
        error_messages={
            "min_value": "件数或页数至少为 1。",
            "invalid": "请填写整数。",
            "max_value": "件数或页数过大。",
        },
    )

    payment_instructions = forms.CharField(
        label="缴纳方式说明",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="写入收费通知书，例如收款账户、缴费地点。",
    )
    # The amount the clerk saw in the quote and confirmed; the page writes it beside the quote
    # (empty on the first submission, which only computes the quote).
    confirmed_amount = forms.DecimalField(
        required=False, max_digits=12, decimal_places=2, widget=forms.HiddenInput
    )


class FeePaidForm(ActionForm):
    on = DateField(label="缴费日期")


class ExtendForm(ActionForm):
    on = DateField(label="批准延期之日")
    workdays = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=20,
        initial=20,
        help_text="延长期限最长不得超过20个工作日，只能延长一次（第三十三条第二款）。",
        error_messages={
            "min_value": "延长工作日数至少为 1。",
            "max_value": "延长期限最长不得超过20个工作日。",
            "invalid": "请填写整数。",
        },
    )
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class DeferForm(ActionForm):
    on = DateField(label="决定之日")
    until = DateField(
        label="延迟答复期限", help_text="第三十五条：确定合理的延迟答复期限并告知申请人。"
    )
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(ActionForm):
    on = DateField(label="答复日期")
    outcome = forms.ChoiceField(label="办理结果", help_text="对应年度报告表三的一行。")
    legal_ground = forms.CharField(
        label="法律依据",
        required=False,
        max_length=200,
        help_text="不予公开、部分公开必须写明，例如：" + "、".join(LEGAL_GROUND_SUGGESTIONS) + "。",
        widget=forms.TextInput(attrs={"list": "legal-ground-suggestions"}),
    )
    decision_text = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="写入答复书正文。",
    )
    letter_kind = forms.ChoiceField(
        label="答复书种类",
        required=False,
        choices=[("", "按办理结果自动选择"), *LETTER_KINDS.items()],
        help_text="同一办理结果有两种答复书时选择，例如予以公开时可选“已主动公开”。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ``fields`` holds copies of the fields declared above, typed as plain ``Field``.
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [
            ("", "请选择"),
            *[
                (group, [(v, label) for v, label in items if v not in LAPSED_OUTCOMES])
                for group, items in outcome_choices_grouped()
            ],
        ]
        self.fields["outcome"].error_messages["invalid_choice"] = "请选择办理结果。"
        self.fields["letter_kind"].error_messages["invalid_choice"] = "请选择答复书种类。"
        self.fields["outcome"].error_messages["required"] = "请选择办理结果。"
        self.legal_ground_suggestions = LEGAL_GROUND_SUGGESTIONS

    def clean(self):
        super().clean()
        data = self.cleaned_data
        outcome = data.get("outcome")
        missing_ground = not (data.get("legal_ground") or "").strip()
        if outcome and OUTCOMES[Outcome(outcome)].requires_legal_ground and missing_ground:
            grounds = "、".join(OUTCOMES[Outcome(outcome)].legal_grounds)
            hint = f"（可依据{grounds}）" if grounds else ""
            self.add_error("legal_ground", f"不予公开或部分公开必须写明法律依据{hint}。")
        return data


class CloseLapsedForm(ActionForm):
    on = DateField(label="结案日期")


class DiscardForm(ActionForm):
    reason = forms.CharField(
        label="作废理由",
        max_length=300,
        help_text="只能作废尚未确认接收的提交，例如重复提交、测试或并非信息公开申请。",
    )


class CorrectReceiptDateForm(ActionForm):
    received_on = DateField(
        label="正确的收到申请之日",
        help_text="按第三十一条：当面提交为提交之日，邮寄为签收之日，其他方式为双方确认之日。"
        "更正后答复期限重新计算；已发出文书载明的日期如有变化，将列入“期限变动”。",
    )
    reason = forms.CharField(label="更正原因", max_length=300, help_text="例如：签收日期录入错误。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.application is not None:
            self.fields["received_on"].initial = self.application.received_on


class WithdrawStepForm(ActionForm):
    reason = forms.CharField(
        label="撤销理由",
        max_length=300,
        help_text="只能撤销最近一个误登记的办理步骤；其后已制作文书的不能撤销。",
    )


class AssignForm(ActionForm):
    assignee = StaffChoiceField(queryset=None, label="经办人", empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assignee = cast(StaffChoiceField, self.fields["assignee"])
        assignee.queryset = agency_staff(self.application.agency)
        if not self.is_bound and self.application.assignee_id:
            self.fields["assignee"].initial = self.application.assignee_id


class DeliveryForm(ActionForm):
    """送达: how and when one letter reached its recipient (235号: 邮寄以交邮之日为准)."""

    channel = forms.ChoiceField(label="送达方式", choices=DeliveryChannel.choices)
    delivered_on = DateField(
        label="送达日期",
        help_text="直接送达为签收之日；邮寄送达为交邮之日（国办公开办函〔2016〕235号）。",
    )
    note = forms.CharField(
        label="送达说明", max_length=300, required=False, help_text="例如邮件号码、签收人。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["delivered_on"].initial = today()


class LetterWithdrawForm(ActionForm):
    """作废: void one letter issued by mistake (its number is not reused), after confirming."""

    on = DateField(label="作废日期", help_text="不能早于成文日期，不能晚于今天。")
    reason = forms.CharField(
        label="作废理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="写明错在哪里，例如“补正事项漏写一项”。理由印在作废的文书上并记入审计日志。",
        error_messages={"max_length": "作废理由最多300字。"},
    )
    confirm = forms.BooleanField(
        label="我确认作废该文书",
        help_text="作废后文号不再使用，也不能恢复；如需更正，请重新制作文书"
        "（办理步骤有误的，先作废文书，再撤销该步骤并重新登记）。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].error_messages["required"] = "请勾选“我确认作废该文书”。"


def reissuable_kinds(letters) -> list[str]:
    """Kinds of letter to make again: withdrawn (作废) with no letter of the kind in force.

    ``letters`` are ``(kind, withdrawn_on)`` pairs. The receipt is left out: 制作接收回执 is
    offered again on its own once the receipt is withdrawn.
    """
    letters = list(letters)
    live = {kind for kind, withdrawn_on in letters if withdrawn_on is None}
    withdrawn = {kind for kind, withdrawn_on in letters if withdrawn_on is not None}
    return [
        kind
        for kind in LetterKind.values
        if kind in withdrawn and kind not in live and kind != LetterKind.RECEIPT
    ]


class ReissueForm(ActionForm):
    """重新制作文书: a correct letter in place of one withdrawn, from the steps as recorded."""

    kind = forms.ChoiceField(label="文书种类")
    on = DateField(
        label="成文日期",
        help_text="答复书沿用办结日期（答复期限按这一天计算），此处日期不适用于答复书。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pairs = self.application.letters.values_list("kind", "withdrawn_on")
        labels = dict(LetterKind.choices)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [(k, labels[k]) for k in reissuable_kinds(pairs)]
        self.fields["kind"].error_messages["invalid_choice"] = "请选择已作废、需要重新制作的文书。"
