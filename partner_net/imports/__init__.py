"""Importing a group's history from spreadsheets: members (as invitations), past
referrals and attendance. Upload, map the columns, preview every row, confirm."""
