"""Sittings of the Session, the Council and the Expert Council: votes, decisions, follow-up."""
