"""Agencies (机关) and the staff who do their disclosure work."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.statute.identity import IdentityError, normalise_credit_code
from gongkai.statute.receipt import Channel

CHANNEL_VALUES = [c.value for c in Channel]


class AgencyKind(models.TextChoices):
    PEOPLES_GOVERNMENT = "peoples_government", "人民政府"
    GOVERNMENT_DEPARTMENT = "government_department", "政府部门"
    OTHER = "other", "其他"


class AgencyQuerySet(models.QuerySet):
    def top_level(self) -> "AgencyQuerySet":
        return self.filter(parent__isnull=True)


class Agency(models.Model):
    """A body that discloses government information (行政机关), e.g. 盐池县科学技术局.

    Carries the contact data the 政府信息公开指南 (guide, 第12条) must publish: the disclosure
    office (政府信息公开工作机构), its address, office hours, phone, fax, e-mail and website.
    """

    name = models.CharField(
        "机关名称",
        max_length=200,
        help_text="全称，与公章一致，例如“盐池县科学技术局”。",
    )
    slug = models.SlugField(
        "标识",
        max_length=100,
        unique=True,
        help_text="用于网址和命令行的英文简称，例如“yanchi-kjj”，只能使用小写字母、数字和连字符。",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="例如盐池县科学技术局的上级机关是盐池县人民政府；最上级机关留空。",
    )
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        help_text="18位代码，用于生成主动公开信息的索引号，例如“11640323MB1E59422B”。",
    )
    kind = models.CharField(
        "机关类型",
        max_length=32,
        choices=AgencyKind.choices,
        default=AgencyKind.GOVERNMENT_DEPARTMENT,
    )

    # 指南 contact data
    disclosure_office = models.CharField(
        "政府信息公开工作机构",
        max_length=200,
        blank=True,
        help_text="负责本机关政府信息公开日常工作的机构，例如“办公室”。",
    )
    address = models.CharField("办公地址", max_length=300, blank=True)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField(
        "办公时间",
        max_length=200,
        blank=True,
        help_text="例如“工作日上午8:30-12:00，下午14:30-18:00（法定节假日除外）”。",
    )
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网站", blank=True)

    # How applications may reach this agency (its 指南 states them; docs/disclosure-rules.md §4.1). The channel
    # decides the date of receipt (第31条), so registering one the agency does not accept is
    # refused. An empty list means every channel, so agencies set up before this field work on.
    accepted_channels = models.JSONField(
        "受理的申请方式",
        default=list,
        blank=True,
        help_text="本机关政府信息公开指南中载明的提交申请方式；不选择任何一项表示接受全部方式。",
    )
    online_applications = models.BooleanField(
        "接受网上申请",
        default=True,
        help_text="取消勾选后，公众在本网站不能在线提交申请，申请页面改为列出本机关受理的方式和联系方式。",
    )

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Refuse a parent chain that loops back to this agency (the tree must stay a tree)."""
        ancestor = self.parent
        seen: set[int] = set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "上级机关不能是本机关或其下级机关。"})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        self._clean_channels()
        if self.credit_code:
            try:
                self.credit_code = normalise_credit_code(self.credit_code)
            except IdentityError as error:
                raise ValidationError({"credit_code": f"{error}。"}) from error

    def _clean_channels(self) -> None:
        """Refuse anything but a list of known ``Channel`` values; store them once, in order."""
        channels = self.accepted_channels
        if channels in (None, ""):
            channels = []
        if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
            raise ValidationError({"accepted_channels": "受理的申请方式格式不正确。"})
        unknown = [c for c in channels if c not in CHANNEL_VALUES]
        if unknown:
            raise ValidationError({"accepted_channels": f"未知的申请方式：{'、'.join(unknown)}。"})
        self.accepted_channels = [value for value in CHANNEL_VALUES if value in channels]
        if self.accepted_channels and not self.accepted_channel_values():
            raise ValidationError(
                {
                    "accepted_channels": "只选择了“网上申请”却不接受网上申请：请至少受理一种申请方式。"
                }
            )

    def accepted_channel_values(self) -> list[str]:
        """The ``Channel`` values this agency accepts, in ``Channel`` order (all when unset).

        Online applications need both the channel (when a list is set) and ``online_applications``.
        """
        chosen = set(self.accepted_channels or CHANNEL_VALUES)
        values = [value for value in CHANNEL_VALUES if value in chosen]
        if not self.online_applications:
            values = [value for value in values if value != Channel.ONLINE]
        return values

    def accepted_channel_choices(self) -> list[tuple[str, str]]:
        """``(value, Chinese label)`` of the accepted channels, for forms and the public page."""
        accepted = set(self.accepted_channel_values())
        return [(c.value, c.label) for c in Channel if c.value in accepted]

    def accepts(self, channel: str) -> bool:
        """Whether an application may reach this agency by ``channel`` (a ``Channel`` value)."""
        return channel in self.accepted_channel_values()

    def get_accepted_channels_display(self) -> str:
        """The accepted channels in Chinese (the admin's inspect page), e.g. "当面提交、挂号信"."""
        names = "、".join(label for _, label in self.accepted_channel_choices())
        if not self.accepted_channels:
            return f"全部方式（{names}）"
        return names or "无"

    def get_parent_display(self) -> str:
        """The parent agency on the inspect page; a top-level agency says so (not "None")."""
        return str(self.parent) if self.parent_id else "无（最上级机关）"

    def get_online_applications_display(self) -> str:
        return "是" if self.online_applications else "否"

    @property
    def accepts_online(self) -> bool:
        """Whether the public may apply through this site's online form."""
        return self.accepts(Channel.ONLINE)

    def ancestors(self) -> list["Agency"]:
        """Parents from the nearest up to the top-level agency."""
        chain: list[Agency] = []
        ancestor = self.parent
        while ancestor is not None and ancestor not in chain and ancestor != self:
            chain.append(ancestor)
            ancestor = ancestor.parent
        return chain


class StaffRole(models.TextChoices):
    """The roles the 条例 workflow needs; sign-off (三级审签) goes clerk → office head → leaders.

    ``SYSTEM_ADMIN`` (系统管理员) runs the system for an agency without being a superuser: e.g.
    enters next year's holiday arrangement into the national working-day calendar.
    """

    CLERK = "clerk", "经办人"
    # 保密审查 (第十七条): the first step of a catalogue item's sign-off, before the three levels.
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer", "保密审查员"
    OFFICE_HEAD = "office_head", "公开工作机构负责人"
    DEPUTY_LEADER = "deputy_leader", "分管领导"
    PRINCIPAL_LEADER = "principal_leader", "主要领导"
    SUPERVISOR = "supervisor", "主管部门"
    SYSTEM_ADMIN = "system_admin", "系统管理员"


class StaffMembershipQuerySet(models.QuerySet):
    def for_user(self, user) -> "StaffMembershipQuerySet":
        return self.filter(user=user)

    def with_role(self, role: StaffRole) -> "StaffMembershipQuerySet":
        return self.filter(role=role)


class StaffMembership(models.Model):
    """Ties a back-office user to an agency in one role. A user may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="agency_memberships",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField("角色", max_length=32, choices=StaffRole.choices)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = StaffMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["agency__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                name="staffmembership_unique_user_agency_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_role_display()} · {self.user}"
