"""Every change to meetings goes through these services; each enforces its DEC rule.

Each service runs in one transaction and locks (`select_for_update`) the row it decides
on, so two clerks at two tablets cannot both pass the same check. A refusal raises a
`meetings.errors` DomainError and writes nothing (the transaction rolls back); the only
exception is the compliance fact (DEC-2 late notices and agenda changes, DEC-3 quorum
failures), written after the rollback on purpose.

The services, by stage of a meeting (callers keep `from meetings import services;
services.meeting_open(...)`):

- `agenda`    — scheduling, proposals, the agenda fixed, materials, preparation (DEC-1/2/9)
- `notice`    — the notice, a reschedule, receipts (DEC-2)
- `session`   — opening, attendance, ballots, closing items and the meeting (DEC-2..DEC-10)
- `emergency` — emergency decisions (DEC-8)
- `minutes`   — draft, sign-off, lock, correction, the PDF (DEC-11)
- `_common`   — what they share (the clock, the one agenda check, participants of the day)

No stage imports another: each imports `_common`, the selectors and the pure rules.
"""

from meetings.services._common import clock
from meetings.services.agenda import (
    agenda_fix,
    agenda_item_propose,
    agenda_item_update,
    agenda_reopen,
    material_add,
    meeting_schedule,
    preparation_add,
)
from meetings.services.emergency import (
    emergency_decision_record,
)
from meetings.services.minutes import (
    minutes_correct,
    minutes_draft,
    minutes_lock,
    minutes_pdf_store,
    minutes_sign,
)
from meetings.services.notice import (
    meeting_reschedule,
    notice_receipt_record,
    notice_send,
)
from meetings.services.session import (
    attendance_arrive,
    attendance_depart,
    ballot_cast,
    ballot_correct,
    item_close,
    item_postpone,
    meeting_close,
    meeting_open,
)

__all__ = [
    "agenda_fix",
    "agenda_item_propose",
    "agenda_item_update",
    "agenda_reopen",
    "attendance_arrive",
    "attendance_depart",
    "ballot_cast",
    "ballot_correct",
    "clock",
    "emergency_decision_record",
    "item_close",
    "item_postpone",
    "material_add",
    "meeting_close",
    "meeting_open",
    "meeting_reschedule",
    "meeting_schedule",
    "minutes_correct",
    "minutes_draft",
    "minutes_lock",
    "minutes_pdf_store",
    "minutes_sign",
    "notice_receipt_record",
    "notice_send",
    "preparation_add",
]
