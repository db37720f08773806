"""The pure domain model: aggregates, values and rules of Decree No. 747, with no infrastructure."""
