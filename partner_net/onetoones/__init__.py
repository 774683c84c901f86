"""One-to-ones: members record the meetings they hold to get to know each other."""
