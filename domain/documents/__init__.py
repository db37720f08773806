"""Documents: policy documents (§31), the Concept (§32), program documents (§6), awards (§13.5)."""
