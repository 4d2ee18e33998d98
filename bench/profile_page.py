"""Profile one page on the seeded benchmark database: time, size, queries and the slowest SQL."""
import os, sys, time
os.environ['DJANGO_SETTINGS_MODULE']='config.settings.bench'; os.environ['DATABASE_URL']='sqlite:////work/main/var/bench/f10-s1.sqlite3'
import django; django.setup()
from django.test import Client
from django.db import connection
from django.test.utils import CaptureQueriesContext
from commissioning.accounts.models import User
c=Client(); c.force_login(User.objects.get(username=sys.argv[2]))
url=sys.argv[1]
c.get(url)
with CaptureQueriesContext(connection) as q:
    t=time.perf_counter(); r=c.get(url); el=time.perf_counter()-t
print(r.status_code, f"{el*1000:.0f} ms", len(r.content), "bytes", len(q.captured_queries), "queries")
for x in sorted(q.captured_queries, key=lambda x: -float(x['time']))[:6]:
    print(x['time'], x['sql'][:300])
