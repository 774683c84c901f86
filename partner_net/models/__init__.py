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
from partner_net.models.meetings import (
    Attendance,
    ClosedBusiness,
    Meeting,
    MeetingRules,
    MeetingSlip,
    OneToOne,
    SpeakerPin,
    Visitor,
    WeeklyAsk,
)
from partner_net.models.network import StrategicPartner
from partner_net.models.referrals import Notification, Referral, ReferralEvent

__all__ = [
    "Attendance",
    "ClosedBusiness",
    "Meeting",
    "MeetingRules",
    "MeetingSlip",
    "SpeakerPin",
    "Visitor",
    "WeeklyAsk",
    "Group",
    "IdealClientProfile",
    "Invitation",
    "Member",
    "Membership",
    "Notification",
    "OneToOne",
    "PasswordResetToken",
    "Referral",
    "ReferralEvent",
    "Role",
    "StrategicPartner",
]
