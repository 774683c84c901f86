"""Exports: CSV files of members, referrals, attendance and goals (privacy row by row),
the directory as one vCard file, and each member's private calendar feed."""
