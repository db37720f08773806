"""The kernel every concept shares: values, events, errors, ids, tenure, commands and topics."""
