"""The Regulation as data: rulebooks by effective date, matters, thresholds (quorum)."""
