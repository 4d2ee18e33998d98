"""What a serving process does once, before its first request."""

import contextlib
import gc
from pathlib import Path


def load_before_serving() -> None:
    """Import the code of every page (the URL modules and their views) and compile every template, then set every
    object alive so far aside from the garbage collector (`gc.freeze`). Those objects live as long as the process;
    left in, each full collection walks them all. Before the code was frozen, a request that triggered one took
    60–70 ms longer at 10 × a county (the funding dashboard's and market analysis's p95 at 100–250 ms against a p50
    under 30). The templates, compiled on first use, were the next largest part: about 60,000 objects once every
    key page had been shown, 11–15 ms a collection. Frozen before forking, the workers' collections also leave the
    pages they share with the master unwritten."""
    from django.apps import apps
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 - imports every URL module and view, and builds the root's reverse table
    _build_reverse_tables(resolver)
    for model in apps.get_models(include_auto_created=True):
        # What each query reads of a model, built on first use: its maps of fields, and each column's expression.
        model._meta.get_fields(include_hidden=True)
        for field in model._meta.concrete_fields:
            field.cached_col  # noqa: B018
    compile_templates()
    gc.freeze()


def _build_reverse_tables(resolver, namespace: str = "") -> None:
    """The tables `reverse` and `{% url %}` read, for every namespace: each is built by the first reverse in it.
    Reversing any name of a namespace builds its table, whether or not the arguments fit."""
    from django.urls import NoReverseMatch, reverse

    for name, (_, included) in resolver.namespace_dict.items():
        path = f"{namespace}{name}:"
        first = next((key for key in included.reverse_dict if isinstance(key, str)), None)
        if first:
            with contextlib.suppress(NoReverseMatch):
                reverse(path + first)
        _build_reverse_tables(included, path)


def compile_templates() -> int:
    """Compile every template the project's template engines can find, and the form widgets' templates of the
    forms' own engine, into their cached loaders (as a first request to each page would); returns how many. A
    template that does not compile raises here, at start-up."""
    compiled = 0
    for engine, folders in _engines_and_folders():
        for folder in map(Path, folders):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    engine.get_template(path.relative_to(folder).as_posix())
                    compiled += 1
    return compiled


def _engines_and_folders():
    from django.forms.renderers import get_default_renderer
    from django.template import engines

    for engine in engines.all():
        yield engine, engine.template_dirs
    # Django's default form renderer has an engine of its own for the widgets (django/forms/templates): its own
    # folder only, as the project's templates are the project engine's.
    forms_engine = getattr(get_default_renderer(), "engine", None)
    if forms_engine is not None and forms_engine not in engines.all():
        yield forms_engine, forms_engine.dirs
