"""Partnerships of organisations (hubs, alliances, associations, localities): figures and
moderation shared between members, never one another's children."""
