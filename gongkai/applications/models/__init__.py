"""Models of the 依申请公开 app: applications with their events and attachments, and letters."""

from gongkai.applications.models.application import (
    RECEIPT_RULES,
    ApplicantKind,
    Application,
    ApplicationEvent,
    ApplicationEventKind,
    Attachment,
    AttachmentKind,
    Carrier,
    Channel,
    ConsultationParty,
    DeliveryMethod,
    FeeMethod,
    IdType,
)
from gongkai.applications.models.changes import (
    DeadlineChange,
    DeadlineChangeTrigger,
)
from gongkai.applications.models.letters import (
    DeliveryChannel,
    Letter,
    LetterKind,
    LetterNumbering,
    LetterSettings,
    LetterTemplate,
)
from gongkai.applications.models.numbering import RegistrationCounter
from gongkai.applications.models.search import NameGram
from gongkai.applications.models.status import (
    OPEN_STATUSES,
    UNFINISHED_RANKS,
    ApplicationStatus,
    QueueRank,
    queue_position,
)

__all__ = [
    "OPEN_STATUSES",
    "RECEIPT_RULES",
    "UNFINISHED_RANKS",
    "ApplicantKind",
    "Application",
    "ApplicationEvent",
    "ApplicationEventKind",
    "ApplicationStatus",
    "Attachment",
    "AttachmentKind",
    "Carrier",
    "Channel",
    "ConsultationParty",
    "DeadlineChange",
    "DeadlineChangeTrigger",
    "DeliveryChannel",
    "DeliveryMethod",
    "FeeMethod",
    "IdType",
    "Letter",
    "LetterKind",
    "LetterNumbering",
    "LetterSettings",
    "LetterTemplate",
    "NameGram",
    "QueueRank",
    "RegistrationCounter",
    "queue_position",
]
