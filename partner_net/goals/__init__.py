"""Monthly goals: each member's own targets and progress, the group's sums for organizers."""
