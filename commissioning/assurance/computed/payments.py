"""Computed evidence from payments under agreements: Islington 8.8."""

from django.utils import timezone

from commissioning.assurance.computed.base import ComputedEvidence, Scope, computed_check
from commissioning.assurance.computed.common import ISLINGTON, agreements, evidence, line
from commissioning.contracts.models import INVOICE_DAYS, Payment


@computed_check(
    code="payments-prompt",
    framework=ISLINGTON,
    refs=("8.8",),
    title="Payments regular and prompt",
)
def payments_prompt(scope: Scope) -> ComputedEvidence:
    today = timezone.localdate()
    queryset = (
        Payment.objects.active()
        .filter(
            agreement__in=agreements(scope).values("pk"),
            due_on__range=(scope.start, scope.end),
            disputed=False,
        )
        .select_related("agreement")
        .order_by("agreement__reference", "due_on", "pk")
    )
    lines = []
    for payment in queryset:
        label = f"{payment.agreement.reference}: £{payment.amount:,.2f} due {payment.due_on:%-d %B %Y}"
        if payment.paid_on is None and payment.pay_by >= today:
            continue  # not yet due for payment: not counted
        if payment.paid_on is None:
            passes, reason = False, f"Not paid; it should have been paid by {payment.pay_by:%-d %B %Y}"
        elif payment.paid_on <= payment.pay_by:
            passes, reason = True, f"Paid on {payment.paid_on:%-d %B %Y}"
        else:
            passes, reason = False, f"Paid on {payment.paid_on:%-d %B %Y}, after {payment.pay_by:%-d %B %Y}"
        if payment.days_to_pay is not None:
            reason += f" ({payment.days_to_pay} days after the invoice)"
        lines.append(line(payment.agreement, label, passes, reason))
    return evidence(
        code="payments-prompt",
        rule=(
            f"Every undisputed instalment due in the period under an agreement of the service area is paid on "
            f"time: within {INVOICE_DAYS} days of receiving the invoice (the Procurement Act 2023 payment term, in "
            f"place of the seed's spot checks), or by its due date when no invoice is recorded. Instalments not yet "
            f"due for payment are not counted."
        ),
        scope=scope,
        lines=lines,
        noun="instalments",
        passing_text="were paid on time",
        empty_text="No instalment fell due for payment under agreements of this service area in the period",
    )
