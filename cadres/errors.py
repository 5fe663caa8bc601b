"""Errors every part of the cadres app shares (learning, roster): bad input refused as a
domain error. The refusals of each rule live with their mechanism: `cadres/learning/errors.py`,
`cadres/roster/errors.py`, `cadres/appointments/errors.py`."""

from core.errors import RecordInvalid, refuses_invalid_input

# SEC-3: one error and one decorator for bad input, in core (save_with_history raises it).
__all__ = ["RecordInvalid", "refuses_invalid_input"]
