"""The Secretariat's work: appeals, action plans, commissions, working groups, regions."""
