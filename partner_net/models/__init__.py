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
from partner_net.models.matching import MatchFeedback
from partner_net.models.meetings import OneToOne
from partner_net.models.network import StrategicPartner
from partner_net.models.referrals import Notification, Referral, ReferralEvent

__all__ = [
    "Group",
    "IdealClientProfile",
    "Invitation",
    "MatchFeedback",
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
