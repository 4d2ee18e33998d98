-- The state a backup is checked by: every applied Django migration, and the exact number of rows in every
-- table, one line each in a fixed order. deploy/backup.sh writes it beside the dump, from the same snapshot;
-- deploy/restore-check.sh compares the restored copy with it.
SELECT line FROM (
    SELECT format('migration %s %s', app, name) AS line FROM django_migrations
    UNION ALL
    SELECT format(
        'table %s.%s %s',
        table_schema,
        table_name,
        (xpath('/row/c/text()', query_to_xml(
            format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, ''
        )))[1]::text
    )
    FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
) AS state
ORDER BY line COLLATE "C";
