"""Member health: the organizer's view of the whole group, each member's own view, the
rows behind every figure, and the group's bands."""
