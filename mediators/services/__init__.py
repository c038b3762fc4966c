"""Writes about people and teams: memberships and the groups that follow them, the duty roster."""
