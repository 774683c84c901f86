"""The emails members receive beyond the ones they ask for: nudges, the weekly digest,
the meeting report; their preferences, unsubscribe links, and the organizers' record."""
