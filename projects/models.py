"""Public investment projects and their open tendering (PRJ-1 … PRJ-5).

A project moves through the stages of `projects.rules.Stage`, each reaching recorded as a
`StageRecord` (who, when). Its tender (`Tender`) keeps the law's clocks as data: the
documents' days, the bid deadline (moved by a late clarification), objections, bids, the
evaluation committee, candidates, award and contract. A clock that ran out before its act
is a `Breach` (PRJ-1's county figure). Every record has a township, its history, and is
written only through `projects.services`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.fields import township_fk, user_fk
from committees.models import Person
from projects import rules

MONEY = {"max_digits": 14, "decimal_places": 2}


class Project(models.Model):
    class Kind(models.TextChoices):
        ROAD = "road", _("roads")
        HOUSING = "housing", _("housing")
        LAND = "land", _("land development")
        AGRICULTURE = "agriculture", _("agricultural development")
        TOWN = "town", _("small-town development")
        PURCHASE = "purchase", _("large government purchase")

    class Category(models.TextChoices):
        WORKS = rules.Category.WORKS, _("works")
        GOODS = rules.Category.GOODS, _("goods")
        SERVICES = rules.Category.SERVICES, _("services")

    class Stage(models.TextChoices):
        PROPOSAL = rules.Stage.PROPOSAL, _("proposal")
        FEASIBILITY = rules.Stage.FEASIBILITY, _("feasibility study")
        DECISION = rules.Stage.DECISION, _("committee decision")
        APPROVAL = rules.Stage.APPROVAL, _("county approval")
        TENDERING = rules.Stage.TENDERING, _("tendering")
        IMPLEMENTATION = rules.Stage.IMPLEMENTATION, _("implementation")
        ACCEPTANCE = rules.Stage.ACCEPTANCE, _("acceptance")
        ACCOUNTS = rules.Stage.ACCOUNTS, _("completion accounts")
        FINISHED = rules.Stage.FINISHED, _("finished")

    township = township_fk("projects")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(
        _("procurement category"),
        max_length=20,
        choices=Category.choices,
        default=Category.WORKS,
    )
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    state_funded = models.BooleanField(_("state-funded"), default=True)
    demonstration_required = models.BooleanField(
        _("a demonstration meeting is required"), default=True
    )
    tender_threshold = models.DecimalField(
        _("tendering threshold (yuan)"), **MONEY
    )  # PRJ-2: stored per project when it is proposed
    township_requires_open_tender = models.BooleanField(
        _("the township requires open tendering for every major project"), default=False
    )
    proposed_amount = models.DecimalField(_("proposed amount (yuan)"), **MONEY)
    feasibility_estimate = models.DecimalField(
        _("feasibility estimate (yuan)"), null=True, blank=True, **MONEY
    )
    cost_estimate = models.DecimalField(
        _("approved cost estimate (yuan)"), null=True, blank=True, **MONEY
    )
    estimate_flagged = models.BooleanField(
        _("cost estimate sent back (over 10 %)"), default=False
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PROPOSAL
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee agenda item"),
    )
    approval_authority = models.CharField(
        _("approving authority"), max_length=100, blank=True
    )
    approval_number = models.CharField(
        _("approval document number"), max_length=60, blank=True
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    acceptance_filed_on = models.DateField(
        _("acceptance filed on"), null=True, blank=True
    )
    acceptance_public = models.TextField(
        _("people served who took part in the acceptance"), blank=True
    )
    accounts_amount = models.DecimalField(
        _("completion accounts (yuan)"), null=True, blank=True, **MONEY
    )
    accounts_on = models.DateField(_("accounts approved on"), null=True, blank=True)
    public_since = models.DateTimeField(
        _("public page published at"), null=True, blank=True
    )  # PUB-2: the villagers' page exists only once published
    created_by = user_fk(_("proposed by"))
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return self.title


class StageRecord(models.Model):
    """PRJ-1: the project reached `stage` (who, when)."""

    township = township_fk()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stage_records"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Project.Stage.choices)
    at = models.DateTimeField(_("at"))
    by = user_fk(_("recorded by"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()}"


class Demonstration(models.Model):
    """PRJ-1: the demonstration meeting of the feasibility study, its opinions recorded."""

    township = township_fk()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="demonstrations"
    )
    held_on = models.DateField(_("held on"))
    experts = models.TextField(_("experts"))
    representatives = models.TextField(_("people's representatives"))
    opinions = models.TextField(_("opinions"))
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.project} · {self.held_on}"


class Inspection(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("progress inspection")
        QUALITY = "quality", _("quality inspection")

    township = township_fk()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    inspector = models.CharField(_("inspector"), max_length=100)
    findings = models.TextField(_("inspection findings"))
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Expenditure(models.Model):
    """PRJ-1: money spent on the project, within the approved estimate."""

    township = township_fk()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="expenditures"
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    payee = models.CharField(_("payee"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.payee} {self.amount}"


class Declaration(models.Model):
    """PRJ-3: a relative a committee member or evaluator declared on the project (until the
    incentives mechanism records INC-6 relatives): the relative's employer or company."""

    township = township_fk()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="declarations"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("declared by"),
    )
    relative = models.CharField(_("relative"), max_length=60)
    employer = models.CharField(_("the relative's employer or company"), max_length=200)
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.person} · {self.relative}"


class StepAside(models.Model):
    """PRJ-3: a person who must step aside on this project (cannot vote on its item or
    evaluate its bids)."""

    township = township_fk()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="step_asides"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    bidder = models.CharField(_("bidder"), max_length=200)
    at = models.DateTimeField(_("marked at"))
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person"], name="projects_one_step_aside"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.bidder}"


class Tender(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open for bids")
        PAUSED = "paused", _("paused by an objection")
        CLOSED = "closed", _("bids closed")
        FAILED = "failed", _("failed: tender again")
        EVALUATED = "evaluated", _("evaluated")
        CANDIDATES = "candidates", _("candidates published")
        AWARDED = "awarded", _("awarded")
        CONTRACTED = "contracted", _("contract signed")

    township = township_fk()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="tenders"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    lot = models.CharField(_("lot"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    documents_from = models.DateField(_("documents issued from"))
    documents_until = models.DateField(_("documents available until"))
    deadline = models.DateTimeField(_("bid deadline"))
    published_at = models.DateTimeField(_("notice published at"))
    report_at = models.DateTimeField(
        _("evaluation report received at"), null=True, blank=True
    )
    candidates_published_at = models.DateTimeField(
        _("candidates published at"), null=True, blank=True
    )
    winner = models.ForeignKey(
        "Bid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("winning bid"),
    )
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)
    contract_signed_on = models.DateField(
        _("contract signed on"), null=True, blank=True
    )
    contract_amount = models.DecimalField(
        _("contract amount (yuan)"), null=True, blank=True, **MONEY
    )
    contract_published_at = models.DateTimeField(
        _("contract published at"), null=True, blank=True
    )
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-round", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} · {self.lot}"


class Clarification(models.Model):
    township = township_fk()
    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="clarifications"
    )
    at = models.DateTimeField(_("issued at"))
    text = models.TextField(_("clarification"))
    old_deadline = models.DateTimeField(_("deadline before"))
    new_deadline = models.DateTimeField(_("deadline after"))
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.tender} · {self.at:%Y-%m-%d}"


class Objection(models.Model):
    class Kind(models.TextChoices):
        DOCUMENTS = "documents", _("objection to the tender documents")
        CANDIDATES = "candidates", _("objection to the candidates")
        CHALLENGE = "challenge", _("supplier's challenge")

    township = township_fk()
    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="objections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    party = models.CharField(_("raised by"), max_length=200)
    text = models.TextField(_("objection"))
    received_at = models.DateTimeField(_("received at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.party} · {self.get_kind_display()}"


class Bid(models.Model):
    township = township_fk()
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bids")
    bidder = models.CharField(_("bidder"), max_length=200)
    legal_rep = models.CharField(_("legal representative"), max_length=60)
    controller = models.CharField(
        _("controlling shareholder or manager"), max_length=200, blank=True
    )
    price = models.DecimalField(_("price (yuan)"), **MONEY)
    received_at = models.DateTimeField(_("received at"))
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "bidder"], name="projects_one_bid"
            )
        ]

    def __str__(self) -> str:
        return self.bidder


class Evaluator(models.Model):
    township = township_fk()
    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="evaluators"
    )
    name = models.CharField(_("name"), max_length=60)
    is_expert = models.BooleanField(_("expert"), default=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("township person"),
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    township = township_fk()
    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="candidates"
    )
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.bid}"


class Breach(models.Model):
    """A clock that ran out before its act (PRJ-1 … PRJ-5): what, its article, when due."""

    township = township_fk()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="breaches"
    )
    rule = models.CharField(_("rule"), max_length=10)
    what = models.CharField(_("what"), max_length=200)
    basis = models.CharField(_("article"), max_length=300)
    due = models.DateField(_("due by"))
    at = models.DateTimeField(_("done at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.rule} {self.what}"


class Purchase(models.Model):
    """PRJ-4: a purchase of one category in one fiscal year, added up against the threshold."""

    township = township_fk()
    category = models.CharField(_("purchase category"), max_length=100)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    title = models.CharField(_("title"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    threshold = models.DecimalField(_("tendering threshold (yuan)"), **MONEY)
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchases",
        verbose_name=_("tendered as project"),
    )
    at = models.DateTimeField(_("recorded at"))
    by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title
