"""The models of the `cadres` app, by name, from its three mechanisms:
learning (`cadres/learning/`), the roster (`cadres/roster/`) and selection and appointment
(`cadres/appointments/`). Every model keeps the app label `cadres`, so the migrations in
`cadres/migrations/` stay as they are."""

from cadres.appointments.models import (
    Applicant,
    AppointmentCase,
    CandidateSelection,
    CompetitiveSelection,
    Formalities,
    Inspection,
    OutstandingBallot,
    OutstandingBallotChoice,
    OutstandingListEntry,
    OutstandingResult,
    OutstandingVote,
    PublicNotice,
    Recommendation,
    RecommendationNominee,
    StageTransition,
)
from cadres.learning.models import (
    ExamCandidate,
    QualificationExam,
    SpotCheck,
    SpotCheckItem,
    StudyArea,
    StudyAttendance,
    StudyDay,
    StudyPlan,
    StudyReminder,
    StudyReport,
    StudyTopic,
    TrainingRecord,
)
from cadres.roster.models import CadreTenure

__all__ = [
    "Applicant",
    "AppointmentCase",
    "CadreTenure",
    "CandidateSelection",
    "CompetitiveSelection",
    "ExamCandidate",
    "Formalities",
    "Inspection",
    "OutstandingBallot",
    "OutstandingBallotChoice",
    "OutstandingListEntry",
    "OutstandingResult",
    "OutstandingVote",
    "PublicNotice",
    "QualificationExam",
    "Recommendation",
    "RecommendationNominee",
    "SpotCheck",
    "SpotCheckItem",
    "StageTransition",
    "StudyArea",
    "StudyAttendance",
    "StudyDay",
    "StudyPlan",
    "StudyReminder",
    "StudyReport",
    "StudyTopic",
    "TrainingRecord",
]
