"""Load benchmark of the web system: 100,000 synthetic declarations, the real server, concurrent clients.

    .venv/bin/python bench/load.py                       # SQLite in a temporary directory
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/jixiao_bench
    .venv/bin/python bench/load.py --declarations 2000 --requests 200   # a quick run

It fills a fresh database (declarations of 10-20 indicators drawn from the seed forms' shapes, spread over 10
主管部门 and 200 units, 2021-2024, every workflow state), starts `jixiao serve`, logs in as the finance reviewer
(who sees everything) and drives three pages with concurrent clients: the project list with a filter, a declaration
page, and a public page. It prints requests/s and p50/p95/p99 per page. Goals on a 2-core machine with SQLite at 8
clients: list p95 < 150 ms, declaration page p95 < 100 ms. The dashboard (every approved declaration has a 1-7月
monitoring record, 30% a signed self-evaluation) is measured too.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS_MS = {"list": 150, "declaration": 100}
STATUS_WEIGHTS = {"draft": 25, "submitted": 10, "department_passed": 5, "returned": 5, "approved": 15,
                  "published": 40}


def fill(count: int, seed: int) -> dict[str, list[int]]:
    """Create the organisations, the demo users and ``count`` declarations; returns ids to request."""
    from django.db import connection, transaction

    from jixiao.core.targets import parse_target
    from jixiao.formats.json_io import seed_declarations
    from jixiao.web.accounts.models import Organisation
    from jixiao.web.accounts.services import create_organisation
    from jixiao.web.declarations.models import Declaration, Indicator, Project
    from jixiao.web.demo import load_demo

    rng = random.Random(seed)
    load_demo()
    bureau = Organisation.objects.get(kind="finance")
    units = []
    for d in range(10):
        department = create_organisation(name=f"基准主管部门{d + 1:02d}", kind="department", parent=bureau)
        units += [create_organisation(name=f"基准实施单位{d + 1:02d}-{u + 1:02d}", kind="unit", parent=department)
                  for u in range(20)]
    seeds = seed_declarations()
    pool = [(ind, seed) for seed in seeds for ind in seed.indicators]
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    number = re.compile(r"\d+")
    batch = 2000
    made = 0
    started = time.perf_counter()
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            projects = Project.objects.bulk_create([
                Project(organisation=rng.choice(units), name=f"{rng.choice(seeds).name}（第{made + i + 1}号）",
                        code=f"B{made + i + 1:06d}") for i in range(size)])
            declarations = []
            for project in projects:
                template = rng.choice(seeds)
                year = rng.choice((2021, 2022, 2023, 2024))
                status = rng.choices(statuses, weights)[0]
                amount = Decimal(rng.randrange(50_000, 20_000_000, 1000))
                declarations.append(Declaration(
                    project=project, organisation=project.organisation, year=year, status=status, name=project.name, code=project.code,
                    category=template.category or "", department=project.organisation.parent.name,
                    implementing_unit=project.organisation.name, start_date=template.start_date.replace(year=year),
                    end_date=template.end_date.replace(year=year), amount_unit="元", total=amount,
                    annual_request=amount, current_year_appropriation=amount, fiscal=amount,
                    overall_goal=template.overall_goal or "", annual_goal=template.annual_goal or "",
                    indicator_count=0, error_count=rng.choice((0, 0, 0, 1, 2)), warning_count=rng.randrange(6),
                    published_at=None,
                ))
            Declaration.objects.bulk_create(declarations)
            indicators = []
            for declaration in declarations:
                chosen = sorted(rng.sample(pool, rng.randint(10, 20)), key=lambda p: (p[0].level1, p[0].level2))
                declaration.indicator_count = len(chosen)
                for position, (indicator, _) in enumerate(chosen):
                    text = number.sub(lambda m: str(max(1, int(m.group()) + rng.randint(-5, 5))), indicator.target)
                    target = parse_target(text, declaration.year)
                    indicators.append(Indicator(
                        declaration=declaration, position=position, level1=indicator.level1,
                        level2=indicator.level2, name=indicator.name, target=text, kind=target.kind,
                        op=target.op or "", value=target.value, upper=target.upper, unit=target.unit or "",
                        deadline=target.date, qual=target.qual or "", direction=target.direction))
            Indicator.objects.bulk_create(indicators, batch_size=5000)
            Declaration.objects.bulk_update(declarations, ["indicator_count"], batch_size=2000)
        made += size
        print(f"  filled {made:,}/{count:,} declarations ({time.perf_counter() - started:.0f} s)", flush=True)
    from django.utils import timezone

    Declaration.objects.filter(status="published", published_at__isnull=True).update(published_at=timezone.now())
    with connection.cursor() as cursor:
        # Statistics for the planner; on PostgreSQL also the visibility map (what autovacuum keeps up in
        # production), without which counts cannot use index-only scans after a bulk load.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    ids = list(Declaration.objects.values_list("pk", flat=True))
    public = list(Declaration.objects.filter(status="published").values_list("pk", flat=True))
    return {"all": ids, "public": public}


def fill_monitoring(seed: int) -> None:
    """A 1-7月 monitoring record for every approved or published declaration, and signed self-evaluations for some."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from jixiao.web.declarations.models import Declaration
    from jixiao.web.evaluation.models import MonitoringRecord, SelfEvaluationRecord

    if MonitoringRecord.objects.exists():
        return
    rng = random.Random(seed)
    user = User.objects.get(username="filer")
    ids = list(Declaration.objects.filter(status__in=("approved", "published")).values_list("pk", "annual_request"))
    started = time.perf_counter()
    for start in range(0, len(ids), 5000):
        with transaction.atomic():
            records, evaluations, lights = [], [], {"green": [], "yellow": [], "red": []}
            for pk, budget in ids[start : start + 5000]:
                rate = Decimal(rng.randint(200, 800)) / 10
                lag = Decimal("58.33") - rate
                light = "green" if lag <= 10 else "yellow" if lag <= 25 else "red"
                worst = max(light, rng.choice(("green", "green", "yellow", "red")), key=("green", "yellow", "red").index)
                records.append(MonitoringRecord(declaration_id=pk, months=7, budget=budget,
                                                executed=(budget or 0) * rate / 100, execution_rate=rate,
                                                time_progress=Decimal("58.33"), budget_light=light, worst_light=worst,
                                                created_by=user))
                lights[worst].append(pk)
                if rng.random() < 0.3:
                    total = Decimal(rng.randint(550, 1000)) / 10
                    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
                    evaluations.append(SelfEvaluationRecord(declaration_id=pk, document={}, state="signed",
                                                            total=total, grade=grade, updated_by=user))
            MonitoringRecord.objects.bulk_create(records, batch_size=2000)
            SelfEvaluationRecord.objects.bulk_create(evaluations, batch_size=2000)
            for light, pks in lights.items():
                Declaration.objects.filter(pk__in=pks).update(monitoring_light=light)
    from django.db import connection

    with connection.cursor() as cursor:  # as after the declarations: statistics, and the visibility map
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  monitoring records for {len(ids):,} approved declarations ({time.perf_counter() - started:.0f} s)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One keep-alive HTTP client with a session cookie."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port, self.cookie = port, cookie
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> tuple[int, bytes]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        try:
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
        return response.status, response.read()


def login(port: int, username: str, password: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login/")
    response = connection.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    connection.request("POST", "/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}",
        "Referer": f"http://127.0.0.1:{port}/login/"})
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", ""))
    if response.status != 302 or session is None:
        raise SystemExit("login failed")
    return f"csrftoken={csrf_cookie}; sessionid={session.group(1)}"


def drive(port: int, cookie: str, paths: list[str], clients: int) -> tuple[float, list[float], int]:
    """Request every path once, ``clients`` at a time; returns (seconds, latencies in ms, failures)."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    queue = list(reversed(paths))

    def work() -> None:
        nonlocal failures
        client = Client(port, cookie)
        while True:
            with lock:
                if not queue:
                    return
                path = queue.pop()
            start = time.perf_counter()
            status, _ = client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                failures += status != 200

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, failures


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--declarations", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000, help="requests per page")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None, help="server worker processes")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (the database is dropped and recreated)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="keep the SQLite database here and reuse it on the next run (default: a temporary one)")
    args = parser.parse_args()

    keep = args.data_dir is not None
    data_dir = args.data_dir.resolve() if keep else Path(tempfile.mkdtemp(prefix="jixiao-load-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "JIXIAO_DATA_DIR": str(data_dir), "JIXIAO_HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "jixiao.web.settings"}
    env.pop("JIXIAO_DEBUG", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
        if not keep:
            _recreate_postgres(args.database_url)
    else:
        env.pop("DATABASE_URL", None)
    os.environ.update(env)
    if not args.database_url:
        os.environ.pop("DATABASE_URL", None)
    from jixiao.web import commands

    commands.setup()
    commands.migrate(verbosity=0)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"jixiao load benchmark: {database}, {args.declarations:,} declarations, {args.clients} clients, "
          f"{args.requests} requests per page, nproc {os.cpu_count()}")
    started = time.perf_counter()
    from jixiao.web.declarations.models import Declaration

    if keep and Declaration.objects.count() >= args.declarations:
        ids = {"all": list(Declaration.objects.values_list("pk", flat=True)),
               "public": list(Declaration.objects.filter(status="published").values_list("pk", flat=True))}
        print(f"reusing the {len(ids['all']):,} declarations in {data_dir}")
    else:
        ids = fill(args.declarations, args.seed)
        print(f"filled in {time.perf_counter() - started:.0f} s")
    fill_monitoring(args.seed)
    from django.db import connections

    connections.close_all()

    port = _free_port()
    jixiao = shutil.which("jixiao", path=str(Path(sys.executable).parent)) or "jixiao"
    command = [jixiao, "serve", "--port", str(port)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                Client(port).get("/public/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.3)
        cookie = login(port, "finance", "jixiao-demo")
        rng = random.Random(args.seed)
        statuses = list(STATUS_WEIGHTS)
        pages = {
            "list": [f"/declarations/?year={rng.choice((2021, 2022, 2023, 2024))}&status={rng.choice(statuses)}"
                     f"&page={rng.randint(1, 5)}" for _ in range(args.requests)],
            "declaration": [f"/declarations/{rng.choice(ids['all'])}/" for _ in range(args.requests)],
            "public": [f"/public/{rng.choice(ids['public'])}/" for _ in range(args.requests)],
            "dashboard": [f"/dashboard/?year={rng.choice((2021, 2022, 2023, 2024))}"
                          for _ in range(max(50, args.requests // 5))],
        }
        for paths in pages.values():  # warm up: connections, caches, page cache
            drive(port, cookie, paths[: args.clients * 2], args.clients)
        print(f"{'page':12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'failed':>7}  goal")
        for name, paths in pages.items():
            seconds, latencies, failures = drive(port, cookie, paths, args.clients)
            p95 = percentile(latencies, 95)
            goal = GOALS_MS.get(name)
            verdict = "" if goal is None else f"p95 < {goal} ms: {'PASS' if p95 < goal else 'BELOW'}"
            print(f"{name:12} {len(paths) / seconds:8.1f} {statistics.median(latencies):8.1f} {p95:8.1f} "
                  f"{percentile(latencies, 99):8.1f} {failures:7d}  {verdict}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


def _recreate_postgres(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
