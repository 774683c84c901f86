"""Pure domain logic: the referral graph, reciprocity figures and suggestions.

Nothing in this package imports Flask or the database session. The SQL layer
aggregates referrals into per-pair counts and hands them over as plain data, so the
code here is fast to test and does not care which database the numbers came from.
"""
