"""The referral network: my reciprocity, the group's picture, whom to refer first."""
