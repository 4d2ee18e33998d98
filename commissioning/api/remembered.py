"""An API list's page of records kept in the table cache, as the list pages keep their rendered results
(`commissioning.core.views.RememberedResultsMixin`): serialized once, then served again until a table it was read
from is written."""

from django.utils import timezone
from django.utils.http import urlencode
from rest_framework.response import Response

from commissioning.core.table_cache import query_key, remember
from commissioning.organisations import roles


class RememberedListMixin:
    """For a viewset: `list` answers with the page's data from the table cache.

    The key holds what the data depends on besides the tables: the viewset and its arguments, the person's access
    (`roles.access_key`), the address the request came to (the next and previous pages' links are absolute), every
    query parameter and, where `list_by_day`, the day (a figure judged on today's date). A request refused for its
    parameters raises before anything is stored."""

    list_by_day = False

    def list(self, request, *args, **kwargs):
        listed = super().list
        view = type(self)
        query = query_key(request.query_params)
        day = timezone.localdate().isoformat() if self.list_by_day else ""
        arguments = urlencode(sorted(kwargs.items()))
        key = (
            f"api-list|{view.__module__}.{view.__qualname__}|{arguments}|{roles.access_key(request.user)}|"
            f"{request.scheme}://{request.get_host()}|{day}|{query}"
        )
        return Response(remember(key, lambda: listed(request, *args, **kwargs).data))
