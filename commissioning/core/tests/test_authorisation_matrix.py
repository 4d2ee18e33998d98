"""Who can reach what: every URL, every role, own / other / no organisation, against
docs/authorisation-matrix.csv. `AUTHZ_MATRIX_WRITE=1` rewrites the table from what the product does now;
review the diff before committing it. See docs/authorisation.md."""

import os
import time

import pytest
from django.db import connection, transaction
from django.test import override_settings

from commissioning.conftest import seed_what_the_migrations_seed
from commissioning.core.tests.authorisation_matrix import (
    ADMIN_ROW,
    ALLOWED,
    ANONYMOUS,
    BID_READING,
    ERROR,
    NO_ROLE,
    NONE,
    OTHER,
    OWN,
    REDIRECT,
    SEALED,
    SIGN_IN,
    TABLE,
    differences,
    read_table,
    run_matrix,
    write_table,
)
from commissioning.organisations.models import Role

# What counts as getting in, for the rules below: a page or record shown, or an action done. A 400 to an
# empty form is not: some API actions check their input before whose record it is.
GOT_IN = frozenset({ALLOWED, REDIRECT})

# The pages that show one bid's content, and those of them a bidder uses for its own bid. Pages about a
# procurement's bids as a whole are checked by what they show: no answers.
BID_PAGES = frozenset(
    {
        "procurement:portal-bid-detail",
        "procurement:portal-bid-document",
        "procurement:portal-receipt",
        "procurement:portal-withdraw",
        "procurement:score-sheet",
        "procurement:moderate",
        "procurement:bid-exclude",
        "api:bid",
    }
)
BIDDER_OWN_PAGES = frozenset(
    {
        "procurement:portal-bid-detail",
        "procurement:portal-bid-document",
        "procurement:portal-receipt",
        "procurement:portal-withdraw",
        "api:bid",
    }
)

# What a visitor who is not signed in may reach.
PUBLIC_PAGES = frozenset(
    {
        "core:accessibility",
        "core:privacy",
        "core:cookies",
        "core:health",
        "accounts:sign-in",
        "accounts:sign-out",
        "accounts:signed-out",
        "accounts:password-reset",
        "accounts:password-reset-sent",
        "accounts:password-reset-confirm",
        "accounts:password-reset-complete",
        "procurement:portal-register",
        "public_strategies:list",
        "public_strategies:detail",
        "public_consultations:list",
        "public_consultations:detail",
        "public_decisions:list",
        "public_decisions:detail",
        "api:schema",
        "api:docs",
    }
)
# What anyone signed in may reach, with or without a role: their account and home page, their own due items,
# and the API's published opportunities, clarifications and quality requirements (and their own checks).
SIGNED_IN_PAGES = PUBLIC_PAGES | {
    "core:home",
    "accounts:account",
    "accounts:password-change",
    "accounts:api-token",
    "reminders:due",
    "api:api-root",
    "api:opportunities",
    "api:procurement-clarifications",
    "api:quality-requirement-list",
    "api:quality-requirement-detail",
    "api:quality-check-list",
}
# What every member of an organisation may reach: the framework library and the organisation directory, with
# their own organisation's page.
MEMBER_PAGES = frozenset(
    {
        "frameworks:list",
        "frameworks:search",
        "frameworks:detail",
        "frameworks:history",
        "frameworks:item",
        "frameworks:item-history",
        "organisations:list",
        "organisations:detail",
        "organisations:history",
        "api:framework-list",
        "api:framework-detail",
        "api:framework-items",
        "api:framework-item",
        "api:organisation-list",
        "api:organisation-detail",
    }
)
# The panel member's own, simplified pages: "Have your say", and the tender panels they sit on (declaring
# interests, scoring, and reading the bids once they are opened).
PANEL_MEMBER_PAGES = frozenset(
    {
        "engagement:panel-home",
        "engagement:panel-involvement",
        "engagement:panel-involvement-detail",
        "engagement:panel-feedback",
        "engagement:panel-consultations",
        "engagement:panel-consultation",
        "engagement:panel-thanks",
        "procurement:my-panels",
        "procurement:declare",
        "procurement:scoring",
        "procurement:score-sheet",
        "procurement:portal-bid-detail",
        "procurement:portal-bid-document",
        "api:bid",
        "api:procurement-bids",
    }
)

# Marks the module as using the database, so that pytest-django sets up the test database even when only
# this module runs; the tests themselves only read what the module fixture collected.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole matrix, requested once for the module; everything it wrote is rolled back."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        name = str(connection.settings_dict["NAME"])
        assert name.startswith("test") or "memory" in name, f"{name} is not a test database"
        seed_what_the_migrations_seed()  # a test that flushed the database may have run before this module
        cpu = time.process_time()
        run = run_matrix()
        cpu = time.process_time() - cpu
        transaction.set_rollback(True)
    print(  # the run time is part of what the test reports
        f"\nAuthorisation matrix: {len({r.route.name for r in run.results})} URLs, "
        f"{len(run.results)} cells and {len(run.admin_results)} admin requests in {run.seconds:.1f} s "
        f"(records {run.setup_seconds:.1f} s) "
        f"({cpu:.1f} s of processor time)"
    )
    if os.environ.get("AUTHZ_MATRIX_PROFILE") == "1":
        by_url, by_outcome = {}, {}
        for r in run.results:
            by_url[r.route.name] = by_url.get(r.route.name, 0) + r.seconds
            by_outcome[r.outcome] = by_outcome.get(r.outcome, 0) + r.seconds
        by_role = {}
        for r in run.results:
            by_role[r.cell.role, r.cell.ownership] = (
                by_role.get((r.cell.role, r.cell.ownership), 0) + r.seconds
            )
        print("profile", {k: round(v, 1) for k, v in by_outcome.items()})
        print("profile", {f"{k[0]}/{k[1]}": round(v, 1) for k, v in by_role.items()})
        for name, seconds in sorted(by_url.items(), key=lambda item: -item[1])[:40]:
            print(f"profile {seconds:6.2f} {name}")
    return run


def test_every_url_has_a_record_to_fill_it(matrix):
    assert not matrix.missing, "\n".join(matrix.missing)


def test_no_request_fails_with_a_server_error(matrix):
    errors = [
        f"{r.cell.url_name} [{r.cell.case}] {r.cell.role}/{r.cell.ownership}: {r.route.method} {r.path} -> "
        f"{r.status} {r.error}"
        for r in matrix.results + matrix.admin_results
        if r.outcome == ERROR
    ]
    assert not errors, f"{len(errors)} requests failed:\n" + "\n".join(errors)


def test_the_table_matches_what_the_product_does(matrix):
    actual = matrix.table()
    if os.environ.get("AUTHZ_MATRIX_WRITE") == "1":
        write_table(actual)
        pytest.skip(f"Wrote {len(actual)} rows to {TABLE}: review the diff before committing it")
    expected = read_table()
    diff = differences(expected, actual)
    assert not diff, (
        f"{len(diff)} cells differ from {TABLE.name} (AUTHZ_MATRIX_WRITE=1 rewrites it; see "
        "docs/authorisation.md):\n" + "\n".join(diff)
    )


def test_every_role_and_ownership_is_requested(matrix):
    cells = {(r.cell.role, r.cell.ownership) for r in matrix.results}
    for role in Role.values:
        assert {(role, OWN), (role, OTHER), (role, NONE)} <= cells
    assert {(ANONYMOUS, NONE), (NO_ROLE, NONE)} <= cells


def test_ownership_decides_where_the_rules_say_it_does(matrix):
    """Own and other are really different people: a commissioner of the activity's lead organisation changes
    it and one elsewhere only reads it; a provider user reads its own agreement and not another's."""
    outcome = {
        (r.cell.url_name, r.cell.role, r.cell.ownership): r.outcome for r in matrix.results if not r.cell.case
    }
    assert outcome["cycle:update", Role.COMMISSIONER, OWN] == ALLOWED
    assert outcome["cycle:update", Role.COMMISSIONER, OTHER] != ALLOWED
    assert outcome["cycle:detail", Role.COMMISSIONER, OTHER] == ALLOWED
    assert outcome["contracts:detail", Role.PROVIDER_USER, OWN] == ALLOWED
    assert outcome["contracts:detail", Role.PROVIDER_USER, OTHER] != ALLOWED


def _shown(results) -> list[str]:
    return [
        f"{r.cell.url_name} [{r.cell.case}] {r.cell.role}/{r.cell.ownership}: {r.route.method} {r.path} -> "
        f"{r.status}"
        for r in results
    ]


def test_no_provider_user_gets_into_another_organisations_records(matrix):
    """Another organisation's agreements and their monitoring, its bids and what follows from them, its
    quality checks, services, people and the organisation itself (and the partnership's activities, which
    no provider user reaches at all)."""
    holes = [
        r
        for r in matrix.results
        if r.cell.role == Role.PROVIDER_USER
        and r.cell.ownership == OTHER
        and r.outcome in GOT_IN
        and r.cell.url_name not in BID_READING  # a procurement's pages, checked by what they show
    ]
    assert not holes, "A provider user reached another organisation's record:\n" + "\n".join(_shown(holes))


def test_a_provider_user_reaches_its_own_organisations_records(matrix):
    """The other side of the rule, so that the one above cannot pass by refusing everyone."""
    reached = {
        r.cell.url_name
        for r in matrix.results
        if r.cell.role == Role.PROVIDER_USER and r.cell.ownership == OWN and r.outcome == ALLOWED
    }
    assert {
        "contracts:detail",
        "monitoring:period",
        "procurement:portal-bid-detail",
        "procurement:portal-receipt",
        "procurement:portal-letter",
        "quality:check",
        "quality:provider",
        "api:agreement-detail",
        "api:monitoring-return-detail",
        "api:quality-check-detail",
        "api:bid",
    } <= reached


def _in_bidder_organisation(result, matrix) -> bool:
    """A provider user of the organisation that made the bids."""
    return result.cell.role == Role.PROVIDER_USER and result.organisation == matrix.records.own_organisation


def test_no_other_provider_ever_sees_a_bids_answers(matrix):
    """The own organisation's answers, in the sealed tender and in the opened grant round, appear in no
    response to a provider user of another organisation, on any page or API endpoint."""
    leaks = [
        r
        for r in matrix.results
        if r.bids_seen and r.cell.role == Role.PROVIDER_USER and not _in_bidder_organisation(r, matrix)
    ]
    assert not leaks, "Another provider saw a bid's answers:\n" + "\n".join(_shown(leaks))


def test_nobody_reads_a_sealed_bid_before_the_deadline(matrix):
    """Before the deadline only the bidder's own provider users see anything of a bid: no administrator, no
    procurement manager, no panel member, in pages or the API (signed in or with a token). Its answers appear
    in no response to anyone else, and nobody else gets into a page that shows one bid; the pages about the
    procurement's bids as a whole show at most how many there are."""
    sealed = [r for r in matrix.results if r.cell.case == SEALED]
    assert {r.cell.url_name for r in sealed} >= {
        "procurement:portal-bid-detail",
        "procurement:portal-receipt",
        "procurement:portal-bid-document",
        "procurement:score-sheet",
        "procurement:scoring",
        "procurement:moderation",
        "api:bid",
        "api:procurement-bids",
    }
    leaks = [
        r
        for r in matrix.results + matrix.token_results
        if SEALED in r.bids_seen and not _in_bidder_organisation(r, matrix)
    ]
    assert not leaks, "A sealed bid's answers were in the response:\n" + "\n".join(_shown(leaks))
    readers = [
        r
        for r in sealed + matrix.token_results
        if r.outcome in GOT_IN
        and r.cell.url_name in BID_PAGES
        and not (_in_bidder_organisation(r, matrix) and r.cell.url_name in BIDDER_OWN_PAGES)
    ]
    assert not readers, "Got into a sealed bid:\n" + "\n".join(_shown(readers))


def _reached(matrix, role: str) -> set[str]:
    return {r.cell.url_name for r in matrix.results if r.cell.role == role and r.outcome in GOT_IN}


def test_panel_members_reach_only_their_simplified_pages(matrix):
    """Young people and parent-carers on panels see their own pages, and what every member of an organisation
    sees; nothing of the partnership's working records."""
    beyond = _reached(matrix, Role.PANEL_MEMBER) - SIGNED_IN_PAGES - MEMBER_PAGES - PANEL_MEMBER_PAGES
    assert not beyond, f"A panel member reached pages outside their simplified view: {sorted(beyond)}"
    assert {"engagement:panel-home", "procurement:score-sheet"} <= _reached(matrix, Role.PANEL_MEMBER)


def test_people_without_a_role_reach_only_their_account_and_public_pages(matrix):
    beyond = _reached(matrix, NO_ROLE) - SIGNED_IN_PAGES
    assert not beyond, f"Someone signed in without a role reached: {sorted(beyond)}"


def test_the_admin_site_lets_no_role_in(matrix):
    """Coarse rule: the Django admin is for staff accounts only, and no role makes an account staff."""
    let_in = [f"{r.cell.role}: {r.path} -> {r.status}" for r in matrix.admin_results if r.outcome != SIGN_IN]
    assert not let_in, "\n".join(let_in)
    assert {row["outcome"] for key, row in matrix.table().items() if key[0] == ADMIN_ROW} == {SIGN_IN}


def test_anonymous_visitors_reach_only_public_pages_and_signing_in(matrix):
    beyond = _reached(matrix, ANONYMOUS) - PUBLIC_PAGES
    assert not beyond, f"A visitor who is not signed in reached: {sorted(beyond)}"
