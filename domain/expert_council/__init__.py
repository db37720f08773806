"""The Scientific Expert Council (§21–24): elections, experts, regulations."""
