"""Query shapes that keep list pages fast as the rows grow."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(related: QuerySet, field: str) -> Coalesce:
    """How many rows of `related` point at each outer row through `field`, as a correlated subquery.

    Unlike Count() across joins, it is worked out only for the rows a page shows (after ORDER BY … LIMIT), and two of
    them never multiply each other's rows."""
    counted = (
        related.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
