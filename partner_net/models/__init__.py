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
    "Contact",
    "ContactReferral",
    "Group",
    "IdealClientProfile",
    "Invitation",
    "LadderEvent",
    "MatchFeedback",
    "Member",
    "Membership",
    "Notification",
    "OneToOne",
    "PasswordResetToken",
    "Referral",
    "ReferralEvent",
    "ReferralListEntry",
    "Role",
    "SphereSharing",
    "SphereSubmission",
    "StrategicPartner",
    "Touch",
]
