"""My sphere: a member's private contacts, touches and ladder, and the list of whom they
refer. ``due_touches(member, today)`` is the entry point for the weekly digest."""

from partner_net.sphere.service import DueTouch, due_touches

__all__ = ["DueTouch", "due_touches"]
