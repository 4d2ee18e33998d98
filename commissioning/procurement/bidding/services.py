"""The provider's side of a procurement: clarification questions and their published answers, sealed bids
submitted before the deadline (a late bid is refused with the reason), and opening the bids after it.

A refusal is written to the procurement's timeline before it is raised, outside any transaction, so that the
attempt is on record although nothing else changes."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core import uploads
from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import timeline_record
from commissioning.organisations import roles
from commissioning.organisations import services as organisations
from commissioning.organisations.models import Organisation, Role
from commissioning.procurement.bidding.selectors import is_invited
from commissioning.procurement.models import (
    Bid,
    BidAnswer,
    BidDocument,
    BidStatus,
    Clarification,
    Procurement,
    ProcurementStatus,
    QuestionStage,
)
from commissioning.procurement.tenders.services import refuse

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
BID_DOCUMENTS = (uploads.PDF, uploads.DOCX, uploads.XLSX, uploads.ODT, uploads.ODS, uploads.TXT, uploads.CSV)
DOCUMENT_TYPES = {file_type.extension for file_type in BID_DOCUMENTS}


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M:%S}"


def _late_by(deadline, now) -> str:
    seconds = int((now - deadline).total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{days} days"] if days else []
    parts += [f"{hours} hours"] if hours else []
    parts += [f"{minutes} minutes"] if minutes else []
    parts += [f"{seconds} seconds"] if seconds or not parts else []
    return ", ".join(parts)


def bidder_organisation(user, organisation: Organisation) -> Organisation:
    """The organisation the user bids for: they must be one of its provider users."""
    if not roles.has_any_role(user, Role.PROVIDER_USER) or organisation.pk not in roles.organisation_ids_of(
        user
    ):
        raise PermissionDenied("You can act only for your own organisation.")
    return organisation


REGISTRATION_ORGANISATION_FIELDS = (
    "name",
    "sector",
    "organisation_type",
    "companies_house_number",
    "charity_number",
)


def _merge(errors: dict, exc: ValidationError, rename: dict | None = None) -> None:
    rename = rename or {}
    for field, messages in (
        exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    ).items():
        errors.setdefault(rename.get(field, field), []).extend(messages)


@transaction.atomic
def provider_register(*, data: dict) -> User:
    """A provider registers its organisation and its first user, who becomes the organisation's provider user.

    Everything is checked before anything is written, and it is written in one transaction: a duplicate name or
    identifier, or a password the validators refuse, leaves nothing behind."""
    organisation_data = {key: (data.get(key) or "").strip() for key in REGISTRATION_ORGANISATION_FIELDS}
    organisation_data["companies_house_number"] = organisation_data["companies_house_number"].upper()
    organisation_data["charity_number"] = organisation_data["charity_number"].upper()
    organisation_data.update(is_provider=True, is_partner=False)
    email = (data.get("email") or "").strip().lower()
    errors: dict[str, list[str]] = {}
    if not organisation_data["companies_house_number"] and not organisation_data["charity_number"]:
        errors["companies_house_number"] = [
            "Enter your Companies House number or your charity number (or both)"
        ]
    if (
        organisation_data["name"]
        and Organisation.objects.filter(name__iexact=organisation_data["name"]).exists()
    ):
        errors.setdefault("name", []).append(
            "An organisation with this name is already registered. Ask its users to add you, or contact us."
        )
    try:
        Organisation(**organisation_data).full_clean()
    except ValidationError as exc:
        _merge(errors, exc)
    if email and User.objects.filter(email__iexact=email).exists():
        errors.setdefault("email", []).append(
            "An account with this email address already exists: sign in instead."
        )
    person = User(
        username=email,
        email=email,
        first_name=(data.get("first_name") or "").strip(),
        last_name=(data.get("last_name") or "").strip(),
    )
    try:
        validate_password(data.get("password") or "", person)
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.messages)
    if errors:
        raise ValidationError({field: list(dict.fromkeys(messages)) for field, messages in errors.items()})
    organisation = organisations.organisation_create(actor=None, data=organisation_data)
    try:
        user = organisations.person_create(
            actor=None,
            username=email,
            email=email,
            first_name=person.first_name,
            last_name=person.last_name,
            organisation=organisation,
            role=Role.PROVIDER_USER,
            password=data.get("password"),
        )
    except ValidationError as exc:
        errors = {}
        _merge(errors, exc, rename={"username": "email"})
        raise ValidationError(errors) from exc
    timeline_record(
        instance=organisation,
        actor=user,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Registered through the provider portal by {user.get_full_name() or user.email}.",
    )
    return user


def _invited(procurement: Procurement, organisation: Organisation, actor) -> None:
    if not is_invited(procurement, organisation):
        refuse(
            procurement,
            actor,
            f"{organisation.name} is not invited: this {procurement.get_grant_type_display().lower()} is open only "
            "to the organisations invited.",
        )


def clarification_ask(
    *, actor, procurement: Procurement, organisation: Organisation, question: str, now=None
):
    now = now or timezone.now()
    bidder_organisation(actor, organisation)
    _invited(procurement, organisation, actor)
    if not question.strip():
        raise ValidationError({"question": "Enter your question"})
    if procurement.status != ProcurementStatus.OPEN or procurement.deadline_passed(now):
        raise ValidationError("This opportunity is closed: questions can no longer be asked.")
    if procurement.clarification_deadline and now >= procurement.clarification_deadline:
        refuse(
            procurement,
            actor,
            f"Clarification questions closed on {_when(procurement.clarification_deadline)}.",
            "question",
        )
    with transaction.atomic(), acting_as(actor):
        return Clarification.objects.create(
            procurement=procurement, asked_by_organisation=organisation, asked_by=actor, question=question
        )


@transaction.atomic
def clarification_answer(*, actor, clarification: Clarification, published_question: str, answer: str):
    """Publish the question (with anything that names the asker removed) and its answer to every bidder."""
    errors = {}
    if not published_question.strip():
        errors["published_question"] = "Enter the question as it will be published, without the asker's name"
    if not answer.strip():
        errors["answer"] = "Enter the answer"
    if clarification.published_at is not None:
        raise ValidationError("This question has already been answered and published.")
    names = [clarification.asked_by_organisation.name, clarification.asked_by.get_full_name()]
    for name in filter(None, (name.strip() for name in names)):
        if name.lower() in published_question.lower():
            errors["published_question"] = f"The published question names the asker ({name}): remove it"
        elif name.lower() in answer.lower():
            errors["answer"] = f"The answer names the asker ({name}): remove it"
    if errors:
        raise ValidationError(errors)
    clarification.published_question = published_question.strip()
    clarification.answer = answer.strip()
    clarification.answered_by = actor
    clarification.published_at = timezone.now()
    with acting_as(actor):
        clarification.save()
    timeline_record(
        instance=clarification.procurement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary="A clarification question and its answer were published to every bidder.",
    )
    return clarification


def _check_documents(documents: list[UploadedFile]) -> None:
    for document in documents:
        suffix = "." + document.name.rsplit(".", 1)[-1].lower() if "." in document.name else ""
        if suffix not in DOCUMENT_TYPES:
            raise ValidationError(
                {
                    "documents": f"{document.name} is not a file type bids accept: use PDF, Word, Excel, "
                    "OpenDocument, text or CSV."
                }
            )
        if document.size > MAX_DOCUMENT_BYTES:
            raise ValidationError({"documents": f"{document.name} is larger than 20 MB."})
        try:
            uploads.check_file(document, types=BID_DOCUMENTS, max_bytes=MAX_DOCUMENT_BYTES, named=True)
        except ValidationError as exc:
            raise ValidationError({"documents": exc.messages}) from exc


def bid_submit(
    *,
    actor,
    procurement: Procurement,
    organisation: Organisation,
    price,
    answers: dict[int, str],
    documents: list[UploadedFile] = (),
    now=None,
) -> Bid:
    """Submit the organisation's sealed bid. Refused after the deadline, with the reason, and on record."""
    now = now or timezone.now()
    bidder_organisation(actor, organisation)
    _invited(procurement, organisation, actor)
    if procurement.status != ProcurementStatus.OPEN:
        raise ValidationError(
            f"This opportunity is not open for bids: it is {procurement.get_status_display().lower()}."
        )
    if procurement.deadline_passed(now):
        refuse(
            procurement,
            actor,
            f"A late bid from {organisation.name} was refused: bids closed on {_when(procurement.tender_deadline)} "
            f"and it arrived on {_when(now)}, {_late_by(procurement.tender_deadline, now)} late.",
        )
    questions = list(
        procurement.questions.active().filter(stage__in=[QuestionStage.SELECTION, QuestionStage.AWARD])
    )
    errors = {}
    for question in questions:
        text = (answers.get(question.pk) or "").strip()
        if not text:
            errors[f"answer_{question.pk}"] = f"Answer question {question.number}"
        elif question.word_limit and len(text.split()) > question.word_limit:
            errors[f"answer_{question.pk}"] = (
                f"Your answer to question {question.number} has {len(text.split())} words: the limit is "
                f"{question.word_limit}."
            )
    if procurement.price_weight and price is None:
        errors["price"] = "Enter your price"
    if price is not None and price < 0:
        errors["price"] = "The price cannot be negative"
    if errors:
        raise ValidationError(errors)
    _check_documents(list(documents))
    with transaction.atomic(), acting_as(actor):
        if Bid.objects.filter(
            procurement=procurement, bidder=organisation, status=BidStatus.SUBMITTED
        ).exists():
            raise ValidationError(
                "Your organisation has already submitted a bid. Withdraw it first to submit a new one."
            )
        bid = Bid.objects.create(
            procurement=procurement,
            bidder=organisation,
            submitted_by=actor,
            submitted_at=now,
            price=price,
            receipt="",
        )
        digest_source = [str(price)]
        for question in questions:
            text = answers[question.pk].strip()
            BidAnswer.objects.create(bid=bid, question=question, text=text)
            digest_source.append(text)
        for document in documents:
            content = document.read()
            document.seek(0)
            sha = BidDocument.digest(content)
            BidDocument.objects.create(
                bid=bid, file=document, name=document.name, size=len(content), sha256=sha
            )
            digest_source.append(sha)
        bid.receipt = BidDocument.digest("\n".join(digest_source).encode())
        bid.save(update_fields=["receipt"])
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"A sealed bid was received on {_when(now)}.",
    )
    return bid


def bid_withdraw(*, actor, bid: Bid, now=None) -> None:
    """Withdraw a bid before the deadline, so that the bidder can submit again. The bid itself is kept."""
    now = now or timezone.now()
    bidder_organisation(actor, bid.bidder)
    if bid.status != BidStatus.SUBMITTED:
        raise ValidationError(f"This bid cannot be withdrawn: it is {bid.get_status_display().lower()}.")
    if bid.procurement.deadline_passed(now):
        refuse(bid.procurement, actor, "A bid cannot be withdrawn after the deadline.")
    with transaction.atomic(), acting_as(actor):
        bid.status = BidStatus.WITHDRAWN
        bid.save()
    timeline_record(
        instance=bid.procurement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary="A bid was withdrawn."
    )


def bids_open(*, actor, procurement: Procurement, now=None) -> Procurement:
    """Open the bids: only after the deadline. Then evaluators who have declared no conflict can read them."""
    now = now or timezone.now()
    if procurement.status != ProcurementStatus.OPEN:
        raise ValidationError("Bids can be opened only when the opportunity is open for bids.")
    if not procurement.deadline_passed(now):
        refuse(
            procurement,
            actor,
            f"Bids cannot be opened before the deadline of {_when(procurement.tender_deadline)}.",
        )
    with transaction.atomic(), acting_as(actor):
        procurement.bids_opened_at = now
        procurement.bids_opened_by = actor
        procurement.status = ProcurementStatus.EVALUATION
        procurement.version += 1
        procurement.save(
            update_fields=["bids_opened_at", "bids_opened_by", "status", "version", "updated_at"]
        )
    count = procurement.bids.filter(status=BidStatus.SUBMITTED).count()
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Bids opened: {count} received.",
    )
    return procurement
