"""Writes to the indicators catalogue, and the upload-preview-confirm journey of an import."""

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.needs.indicators.importers import (
    ImportPlan,
    indicator_values_check,
    indicator_values_import,
)
from commissioning.needs.indicators.readers import import_name
from commissioning.needs.models import Indicator, StagedImport

INDICATOR_FIELDS = ["code", "title", "definition", "unit", "polarity", "source", "frequency", "import_names"]
MAX_FILE_BYTES = 20 * 1024 * 1024
STAGED_FOR = timedelta(days=1)


def _check_indicator(indicator: Indicator) -> None:
    if indicator.code != slugify(indicator.code):
        raise ValidationError(
            {"code": "Use only lower-case letters, digits and hyphens in the code, like ni-117."}
        )
    names = [name.strip() for name in indicator.import_names if name.strip()]
    for name in names:
        if "|" not in name:
            raise ValidationError(
                {"import_names": f"Write “{name}” as the indicator and the measure separated by “|”."}
            )
    normalised = [import_name(*name.partition("|")[::2]) for name in names]
    taken = Indicator.objects.exclude(pk=indicator.pk).values_list("code", "import_names")
    for code, others in taken:
        clash = {import_name(*n.partition("|")[::2]) for n in others or []} & set(normalised)
        if clash:
            raise ValidationError(
                {"import_names": f"The indicator {code} already holds the name “{sorted(clash)[0]}”."}
            )
    indicator.import_names = names
    indicator.full_clean()


@transaction.atomic
def indicator_create(*, actor, data: dict, outcomes) -> Indicator:
    indicator = Indicator(**{name: data[name] for name in INDICATOR_FIELDS if name in data})
    if Indicator.objects.filter(code=indicator.code).exists():
        raise ValidationError({"code": f"An indicator with the code {indicator.code} already exists."})
    _check_indicator(indicator)
    with acting_as(actor):
        indicator.save()
        indicator.outcomes.set(outcomes)
        timeline_record(
            instance=indicator, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Added to the catalogue"
        )
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, data: dict, outcomes, expected_version) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    version_check(instance=indicator, expected_version=expected_version)
    if "code" in data and data["code"] != indicator.code and indicator.values.exists():
        raise ValidationError(
            {"code": "The code cannot change once values are held: files and links use it."}
        )
    changed = apply_changes(instance=indicator, data=data, fields=INDICATOR_FIELDS)
    _check_indicator(indicator)
    with acting_as(actor):
        if changed:
            indicator.version += 1
            indicator.save()
        indicator.outcomes.set(outcomes)
    return indicator


@transaction.atomic
def indicator_archive(*, actor, indicator: Indicator, reason: str) -> Indicator:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this indicator."})
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    with acting_as(actor):
        record_archive(instance=indicator, actor=actor, reason=reason.strip())
    return indicator


@transaction.atomic
def indicator_restore(*, actor, indicator: Indicator) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    with acting_as(actor):
        record_restore(instance=indicator, actor=actor)
    return indicator


def staged_import_create(
    *,
    actor,
    file_name: str,
    content: bytes,
    mapping: str = "",
    mapping_name: str = "",
    accept_suppressed: bool = False,
    skip_unknown_areas: bool = False,
) -> tuple[StagedImport, ImportPlan]:
    """Check an uploaded file and keep it for the importer to confirm. Raises FileImportError (nothing kept)."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(
            {"file": "The file must be smaller than 20 MB. Split it by year and import each part."}
        )
    plan = indicator_values_check(
        content=content,
        file_name=file_name,
        mapping=mapping,
        accept_suppressed=accept_suppressed,
        skip_unknown_areas=skip_unknown_areas,
    )
    StagedImport.objects.filter(created_at__lt=timezone.now() - STAGED_FOR).delete()
    staged = StagedImport.objects.create(
        file_name=file_name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        mapping=mapping,
        mapping_name=mapping_name,
        accept_suppressed=accept_suppressed,
        skip_unknown_areas=skip_unknown_areas,
        uploaded_by=actor,
    )
    return staged, plan


def staged_import_plan(staged: StagedImport) -> ImportPlan:
    return indicator_values_check(
        content=bytes(staged.content),
        file_name=staged.file_name,
        mapping=staged.mapping,
        accept_suppressed=staged.accept_suppressed,
        skip_unknown_areas=staged.skip_unknown_areas,
    )


def staged_import_confirm(*, actor, staged: StagedImport) -> ImportPlan:
    """Import a previewed file; it is checked again, as the figures held may have changed since the preview."""
    plan = indicator_values_import(
        actor=actor,
        content=bytes(staged.content),
        file_name=staged.file_name,
        mapping=staged.mapping,
        accept_suppressed=staged.accept_suppressed,
        skip_unknown_areas=staged.skip_unknown_areas,
    )
    staged.delete()
    return plan
