"""The models of the `finance` app, by name: the budget (`finance/budget/`), the ledger
(`finance/ledger/`) and the statements and audits (`finance/statements/`). Every model keeps
the app label `finance`."""

from finance.budget.models import (
    DEFAULT_LARGE_EXPENDITURE_THRESHOLD,
    Budget,
    BudgetChange,
    BudgetChangeLine,
    BudgetLine,
    BudgetLineVersion,
    FinanceGroupMember,
    FinanceSettings,
    GroupBallot,
    GroupDecision,
)
from finance.ledger.models import (
    LargeExpenditure,
    LedgerEntry,
    SplitAttempt,
    Supplier,
)
from finance.statements.models import (
    AuditFinding,
    EconomicAudit,
    FinalAccounts,
    QuarterlyReport,
)

__all__ = [
    "DEFAULT_LARGE_EXPENDITURE_THRESHOLD",
    "AuditFinding",
    "Budget",
    "BudgetChange",
    "BudgetChangeLine",
    "BudgetLine",
    "BudgetLineVersion",
    "EconomicAudit",
    "FinalAccounts",
    "FinanceGroupMember",
    "FinanceSettings",
    "GroupBallot",
    "GroupDecision",
    "LargeExpenditure",
    "LedgerEntry",
    "QuarterlyReport",
    "SplitAttempt",
    "Supplier",
]
