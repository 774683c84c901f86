"""The database models. Import them from here."""

from partner_net.models.accounts import (
    Group,
    IdealClientProfile,
    Invitation,
    Member,
    Membership,
    PasswordResetToken,
    Role,
)
from partner_net.models.desk import (
    CalendarFeed,
    Goal,
    HealthSettings,
    ImportBatch,
    PartnerSnooze,
)
from partner_net.models.matching import MatchFeedback
from partner_net.models.meetings import (
    Attendance,
    ClosedBusiness,
    Meeting,
    MeetingRules,
    MeetingSlip,
    OneToOne,
    SpeakerPin,
    SpeakerSwap,
    SwapStatus,
    Visitor,
    WeeklyAsk,
)
from partner_net.models.network import NetworkChange, StrategicPartner, SuggestionSlate
from partner_net.models.outbox import EmailOptOut, JobRun, OutboxMessage, OutboxStatus
from partner_net.models.referrals import Notification, Referral, ReferralEvent
from partner_net.models.sessions import RememberToken
from partner_net.models.sphere import (
    Contact,
    ContactReferral,
    LadderEvent,
    ReferralListEntry,
    SphereSharing,
    SphereSubmission,
    Touch,
)

__all__ = [
    "Attendance",
    "CalendarFeed",
    "ClosedBusiness",
    "Contact",
    "ContactReferral",
    "EmailOptOut",
    "Goal",
    "Group",
    "HealthSettings",
    "IdealClientProfile",
    "ImportBatch",
    "Invitation",
    "JobRun",
    "LadderEvent",
    "Meeting",
    "MeetingRules",
    "MeetingSlip",
    "MatchFeedback",
    "Member",
    "Membership",
    "Notification",
    "OneToOne",
    "OutboxMessage",
    "OutboxStatus",
    "PartnerSnooze",
    "PasswordResetToken",
    "Referral",
    "ReferralEvent",
    "ReferralListEntry",
    "RememberToken",
    "Role",
    "SpeakerPin",
    "SpeakerSwap",
    "SwapStatus",
    "SphereSharing",
    "SphereSubmission",
    "StrategicPartner",
    "NetworkChange",
    "SuggestionSlate",
    "Touch",
    "Visitor",
    "WeeklyAsk",
]
