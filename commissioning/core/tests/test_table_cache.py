import hashlib

from django.core.cache import cache
from django.db import connection, transaction
from django.test import SimpleTestCase, TransactionTestCase, override_settings

from commissioning.accounts.models import User
from commissioning.core import table_cache
from commissioning.organisations.models import Organisation
from commissioning.organisations.tests.factories import OrganisationFactory


class Counted:
    """A figure over the organisations table that counts how often it is computed."""

    def __init__(self) -> None:
        self.computed = 0

    def __call__(self) -> list[str]:
        self.computed += 1
        return sorted(Organisation.objects.values_list("name", flat=True))


class RememberTests(TransactionTestCase):
    def setUp(self):
        cache.clear()
        OrganisationFactory(name="Alder Trust")
        self.figure = Counted()

    def remembered(self, key="names"):
        return table_cache.remember(key, self.figure)

    def test_served_from_the_cache_once_its_tables_are_known(self):
        self.assertEqual(self.remembered(), ["Alder Trust"])  # learns the tables read
        self.assertEqual(self.remembered(), ["Alder Trust"])  # stored
        self.assertEqual(self.remembered(), ["Alder Trust"])
        self.assertEqual(self.figure.computed, 2)

    def test_each_key_is_its_own_value(self):
        for _ in range(3):
            self.remembered("one")
            self.remembered("two")
        self.assertEqual(self.figure.computed, 4)

    def test_computed_again_after_a_write_to_a_table_it_read(self):
        self.remembered(), self.remembered()
        OrganisationFactory(name="Birch Care")
        self.assertEqual(self.remembered(), ["Alder Trust", "Birch Care"])
        self.assertEqual(self.figure.computed, 3)

    def test_tables_read_before_the_computation_count_as_read_by_it(self):
        User.objects.create(username="reader")
        user, read = table_cache.tables_read(lambda: User.objects.get(username="reader"))
        self.assertEqual(read, {"accounts_user"})

        def remembered():
            return table_cache.remember("names and a user", self.figure, also_read=read)

        remembered(), remembered(), remembered()
        self.assertEqual(self.figure.computed, 2)
        User.objects.filter(pk=user.pk).update(first_name="Ada")  # nothing the figure itself read
        remembered(), remembered()
        self.assertEqual(self.figure.computed, 3)

    def test_updates_deletes_and_bulk_writes_each_count_as_writes(self):
        writes = [
            lambda: Organisation.objects.update(name="Cedar House"),
            lambda: Organisation.objects.bulk_create([Organisation(name="Damson Ltd", is_provider=True)]),
            lambda: Organisation.objects.filter(name="Damson Ltd").delete(),
        ]
        expected = [["Cedar House"], ["Cedar House", "Damson Ltd"], ["Cedar House"]]
        self.remembered(), self.remembered()
        for write, names in zip(writes, expected, strict=True):
            write()
            self.assertEqual(self.remembered(), names)

    def test_a_write_to_another_table_leaves_the_value(self):
        self.remembered(), self.remembered()
        User.objects.create(username="unrelated")
        self.remembered()
        self.assertEqual(self.figure.computed, 2)

    def test_not_read_or_stored_inside_a_transaction_that_has_written(self):
        self.remembered(), self.remembered()
        with transaction.atomic():
            OrganisationFactory(name="Elm Court")
            self.assertEqual(self.remembered(), ["Alder Trust", "Elm Court"])
            self.assertEqual(self.remembered(), ["Alder Trust", "Elm Court"])
            self.assertEqual(self.figure.computed, 4)
        self.assertEqual(self.remembered(), ["Alder Trust", "Elm Court"])
        self.assertEqual(self.figure.computed, 5)

    def test_a_rolled_back_transaction_leaves_nothing_behind(self):
        self.remembered(), self.remembered()
        with self.assertRaises(RuntimeError), transaction.atomic():
            OrganisationFactory(name="Fir Lodge")
            self.remembered()
            raise RuntimeError
        self.assertEqual(self.remembered(), ["Alder Trust"])
        with transaction.atomic():  # a later transaction reads from the cache until it writes
            self.remembered()
            computed = self.figure.computed
            self.remembered()
            self.assertEqual(self.figure.computed, computed)
            Organisation.objects.update(name="Gorse Farm")
        self.assertEqual(self.remembered(), ["Gorse Farm"])

    def test_a_transaction_writing_a_table_again_after_another_rolled_back_is_seen_at_commit(self):
        with self.assertRaises(RuntimeError), transaction.atomic():
            OrganisationFactory(name="Hazel Road")
            raise RuntimeError
        self.remembered()
        with transaction.atomic():
            Organisation.objects.update(name="Ivy Lane")
            stale = self.remembered()
        self.assertEqual(stale, ["Ivy Lane"])
        self.remembered()
        self.assertEqual(self.remembered(), ["Ivy Lane"])

    def test_a_value_whose_data_leads_it_to_a_new_table_follows_that_table_too(self):
        def figure():
            self.figure()
            if Organisation.objects.filter(name="Juniper Hall").exists():
                return list(User.objects.values_list("username", flat=True))
            return []

        for _ in range(2):
            table_cache.remember("grows", figure)
        OrganisationFactory(name="Juniper Hall")
        User.objects.create(username="first-reader", email="first@example.org")
        self.assertEqual(table_cache.remember("grows", figure), ["first-reader"])  # learns the users table
        self.assertEqual(table_cache.remember("grows", figure), ["first-reader"])  # stored
        User.objects.create(username="second-reader", email="second@example.org")
        self.assertEqual(table_cache.remember("grows", figure), ["first-reader", "second-reader"])

    def test_a_value_remembered_inside_another_passes_its_tables_on(self):
        def outer():
            names = table_cache.remember("inner", self.figure)
            return [*names, *User.objects.filter(username="outer").values_list("username", flat=True)]

        for _ in range(3):
            table_cache.remember("outer", outer)
        cache.delete(
            f"{table_cache.PREFIX}tables:{hashlib.sha256(b'outer').hexdigest()}"
        )  # its tables forgotten
        for _ in range(
            2
        ):  # the outer value learns its tables again while the inner one is served from the cache
            table_cache.remember("outer", outer)
        OrganisationFactory(name="Katsura Way")
        self.assertEqual(table_cache.remember("outer", outer), ["Alder Trust", "Katsura Way"])

    @override_settings(TABLE_CACHE_SECONDS=0)
    def test_switched_off_with_no_seconds(self):
        for _ in range(3):
            self.remembered()
        self.assertEqual(self.figure.computed, 3)

    def test_a_version_lost_from_the_cache_makes_every_value_over_it_computed_again(self):
        self.remembered(), self.remembered()
        cache.delete(f"{table_cache.PREFIX}version:{Organisation._meta.db_table}")
        self.remembered()
        self.assertEqual(self.figure.computed, 3)

    def test_every_connection_is_watched(self):
        self.assertIn(table_cache._watch, connection.execute_wrappers)


class WrittenTablesTests(SimpleTestCase):
    def test_the_table_a_statement_writes(self):
        cases = {
            'INSERT INTO "organisations_organisation" ("name") VALUES (%s)': {"organisations_organisation"},
            'INSERT OR IGNORE INTO "accounts_user" ("username") VALUES (?)': {"accounts_user"},
            'UPDATE "contracts_agreement" SET "title" = %s WHERE "id" IN (SELECT U0."id" FROM '
            '"organisations_organisation" U0)': {"contracts_agreement"},
            'DELETE FROM "contracts_payment" WHERE "agreement_id" = 1': {"contracts_payment"},
            'TRUNCATE "contracts_payment", "contracts_agreement" RESTART IDENTITY': {
                "contracts_payment",
                "contracts_agreement",
            },
            "update contracts_agreement set title = 'x'": {"contracts_agreement"},
            'WITH gone AS (DELETE FROM "contracts_payment" RETURNING 1) SELECT 1': {"contracts_payment"},
            'INSERT INTO "not_a_table_of_ours" VALUES (1)': set(),
        }
        for sql, tables in cases.items():
            with self.subTest(sql=sql):
                self.assertEqual(table_cache._written_tables(sql), tables)

    def test_the_tables_a_select_reads(self):
        sql = (
            'SELECT "a"."id" FROM "contracts_agreement" "a" INNER JOIN "organisations_organisation" ON (1) '
            'WHERE EXISTS(SELECT 1 FROM "contracts_payment" U0)'
        )
        self.assertEqual(
            table_cache._read_tables(sql),
            {"contracts_agreement", "organisations_organisation", "contracts_payment"},
        )
