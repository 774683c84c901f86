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
from partner_net.models.meetings import OneToOne
from partner_net.models.network import StrategicPartner
from partner_net.models.referrals import Notification, Referral, ReferralEvent
from partner_net.models.sessions import RememberToken

__all__ = [
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
    "RememberToken",
    "Role",
    "StrategicPartner",
]
