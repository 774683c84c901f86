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

__all__ = [
    "Group",
    "IdealClientProfile",
    "Invitation",
    "Member",
    "Membership",
    "PasswordResetToken",
    "Role",
]
