"""The mediation agreement (人民调解协议书) and its obligations.

People's Mediation Law art. 28–33: the parties' details; the facts, the disputed matters and
each party's responsibility; what was agreed, and how and by when it is performed. It takes
effect when every party and the mediator have signed and the committee's seal is applied; the
parties may jointly apply for judicial confirmation (司法确认) within 30 days of that.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgreementTemplate(models.Model):
    """The usual wording for a category of dispute (fee arrears, repairs, parking, ...): data,
    edited in the admin. Placeholders {applicant}, {respondent}, {compound} and {company}
    are filled from the case when a draft starts; the mediator then edits the text."""

    category = models.ForeignKey(
        "cases.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_templates",
        verbose_name=_("category"),
        help_text=_("Leave empty for a template offered for every category."),
    )
    name = models.CharField(_("name"), max_length=100)
    facts = models.TextField(_("main facts of the dispute"), blank=True)
    disputed_matters = models.TextField(_("matters in dispute"), blank=True)
    responsibilities = models.TextField(_("each party's responsibility"), blank=True)
    terms = models.TextField(_("what the parties agreed"), blank=True)
    performance = models.TextField(_("how and by when it is performed"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PENDING_APPROVAL = "pending_approval", _("awaiting approval")
        FINAL = "final", _("final, awaiting signatures")
        EFFECTIVE = "effective", _("signed and sealed: in effect")
        SUPERSEDED = "superseded", _("superseded by a correction")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="agreements")
    # A correction makes a new agreement that supersedes the old; the old one stays in the file.
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    facts = models.TextField(_("main facts of the dispute"))
    disputed_matters = models.TextField(_("matters in dispute"))
    responsibilities = models.TextField(_("each party's responsibility"), blank=True)
    terms = models.TextField(_("what the parties agreed"))
    performance = models.TextField(_("how and by when it is performed"), blank=True)
    place = models.CharField(_("place of signing"), max_length=128, blank=True)
    # Unguessable code printed with a QR code on the PDF; /verify/<code> checks it.
    verification_code = models.CharField(max_length=16, unique=True)
    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why a correction was needed (on the new version), or why the lead sent a draft back.
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    return_note = models.TextField(_("the team lead's note"), blank=True)
    # Why it was finalised although owners of a collective side refused or had not decided;
    # who they were at that moment is in the record entry (agreement_consent_overridden).
    consent_reason = models.TextField(
        _("reason for finalising without every owner's consent"), blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    signed_on = models.DateField(_("date signed by every party"), null=True, blank=True)
    effective_on = models.DateField(_("date of effect (seal applied)"), null=True, blank=True)

    # Judicial confirmation (司法确认)
    jc_intended = models.BooleanField(
        _("parties intend to apply for judicial confirmation"), default=False
    )
    jc_applied_on = models.DateField(_("applied on"), null=True, blank=True)
    jc_court = models.CharField(_("court"), max_length=128, blank=True)
    jc_result = models.CharField(_("result"), max_length=200, blank=True)
    jc_result_on = models.DateField(_("result on"), null=True, blank=True)

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")
        ordering = ["case", "version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="agreement_case_version"),
            # One version in the making and one in force per case, whoever clicks at once.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["draft", "pending_approval"]),
                name="agreement_one_open_draft",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["final", "effective"]),
                name="agreement_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def in_force(self) -> bool:
        return self.status in (self.Status.FINAL, self.Status.EFFECTIVE)


class Obligation(models.Model):
    """Who owes what to whom, by when. Instalments are each their own obligation."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("pay an amount")
        ACT = "act", _("do something (restore a service, repair, ...)")
        REFRAIN = "refrain", _("refrain from something")

    class Status(models.TextChoices):
        PENDING = "pending", _("not yet due")
        DUE = "due", _("due")
        PERFORMED = "performed", _("performed")
        PARTLY_PERFORMED = "partly_performed", _("partly performed")
        BREACHED = "breached", _("breached")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    # The clause of the agreement this obligation belongs to (第N条); instalments share it.
    term_number = models.PositiveSmallIntegerField(_("clause"), default=1)
    debtor = models.ForeignKey(
        "cases.Party", on_delete=models.PROTECT, related_name="obligations_owed"
    )
    creditor = models.ForeignKey(
        "cases.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations_due",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("what is owed"))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField(_("due on"))
    instalment = models.PositiveSmallIntegerField(_("instalment"), default=1)
    instalments = models.PositiveSmallIntegerField(_("of instalments"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="obligation_status_due")]
        constraints = [
            models.CheckConstraint(
                name="obligation_amount_for_payments",
                condition=~Q(kind="payment") | Q(amount__gt=0),
            ),
            models.CheckConstraint(
                name="obligation_instalment_in_range",
                condition=Q(instalment__gte=1, instalment__lte=models.F("instalments")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.debtor} → {self.description[:30]} ({self.due_on})"
