"""Who fits this prospect: the match page, its JSON, and the give-form hint."""
