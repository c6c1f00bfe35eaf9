"""Benchmark of the store, pages and API on PostgreSQL with a synthetic population. A script, not a test.

    .venv/bin/python bench/bench_web.py 1000000 [--database postgres://postgres@127.0.0.1:5432/inburgering_bench]

Steps, each timed as a whole (wall time) with the process's peak memory:

1. a fresh database, migrated; the population of ``bench/bench_engine.py`` (out/bench/events-N.parquet) loaded with
   COPY; the projection computed for everyone (the daily job, ``herbereken``) — also timed on its own afterwards;
2. the app served by gunicorn (the production WSGI server: 2 processes x 8 threads on this 2-core machine);
3. latency as seen by HTTP clients on the same machine, for 1 and 16 concurrent users: a worklist page (API and
   HTML) of a municipal case worker, a dossier (API facts and the HTML page with its explanation); p50 and p95;
4. event writes per second through the API, each with its projection update, for 1 and 16 concurrent writers;
5. the cost of access scoping: the same worklist rows asked for by the municipality itself (scoped) and by DUO
   with the municipality as a filter (unscoped), and a dossier read by DUO (no scope condition) vs the
   municipality (scope condition).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

from common import fresh_postgres, peak_mb, step

ROOT = Path(__file__).resolve().parents[1]
PORT = 8123
REQUESTS_PER_USER = {1: 200, 16: 40}


def prepare(n: int, database: str) -> dict:
    """Fresh database, population loaded, projection computed, demo accounts; returns the tokens and sample ids."""
    import django

    fresh_postgres(database)
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")
    django.setup()
    from django.core.management import call_command

    from inburgering.events.table import EventTables
    from inburgering.store import bulk
    from inburgering.store.projection import recompute_all

    path = ROOT / "out" / "bench" / f"events-{n}.parquet"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "bench_engine.py"), str(n)], check=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    step("migrate", started)
    started = time.perf_counter()
    tables = EventTables.read_parquet(path)
    bulk.load(tables)
    step(f"load {tables.n_events:,} events of {tables.n_personen:,} persons (COPY)", started)
    del tables
    started = time.perf_counter()
    recompute_all()
    step("projection of everyone (first)", started)
    started = time.perf_counter()
    count = recompute_all()
    step(f"daily recomputation (herbereken) of {count:,} persons", started)
    with django.db.connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with open(os.devnull, "w") as quiet:
        call_command("demo_gebruikers", verbosity=0, stdout=quiet)
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from inburgering.store.models import Feiten

    gemeente = (
        Feiten.objects.values_list("verantwoordelijke_gemeente", flat=True)
        .exclude(verantwoordelijke_gemeente="")
        .annotate(n=Count("persoon"))
        .order_by("-n")
        .first()
    )
    tokens = {t.user.username: t.key for t in Token.objects.select_related("user")}
    personen = list(
        Feiten.objects.filter(verantwoordelijke_gemeente=gemeente, status="in_traject").values_list(
            "persoon_id", flat=True
        )[:2000]
    )
    return {"gemeente": gemeente, "tokens": tokens, "personen": personen}


def serve(database: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database, "INBURGERING_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "inburgering.web.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--threads",
            "8",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/schema", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def _session_cookie(username: str) -> str:
    """Log in through the login page, as a browser does; returns the Cookie header."""
    conn = HTTPConnection("127.0.0.1", PORT)
    conn.request("GET", "/inloggen/")
    response = conn.getresponse()
    body = response.read().decode()
    csrf = response.getheader("Set-Cookie").split("csrftoken=")[1].split(";")[0]
    token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    form = f"csrfmiddlewaretoken={token}&username={username}&password=demo-inburgering&next=/"
    conn.request(
        "POST",
        "/inloggen/",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )
    response = conn.getresponse()
    response.read()
    session = response.getheader("Set-Cookie").split("sessionid=")[1].split(";")[0]
    return f"csrftoken={csrf}; sessionid={session}"


def measure(label: str, users: int, make_request) -> dict:
    """``users`` threads, each with its own keep-alive connection, each doing its share of requests."""
    timings: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []

    def run(u: int) -> None:
        conn = HTTPConnection("127.0.0.1", PORT, timeout=60)
        mine = []
        for i in range(REQUESTS_PER_USER[users]):
            method, path, headers, body = make_request(u, i)
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status >= 400:
                errors.append(f"{response.status} {path}")
        with lock:
            timings.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(u,)) for u in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ms = sorted(t * 1000 for t in timings)
    result = {
        "label": label,
        "users": users,
        "n": len(ms),
        "p50": statistics.median(ms),
        "p95": ms[int(0.95 * (len(ms) - 1))],
        "per_s": len(ms) / wall,
        "errors": len(errors),
    }
    print(
        f"  {label:<44} users={users:>2}  n={result['n']:>4}  p50={result['p50']:7.1f} ms  "
        f"p95={result['p95']:7.1f} ms  {result['per_s']:7.1f}/s  errors={result['errors']}",
        flush=True,
    )
    if errors:
        print("    first errors:", errors[:3])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/inburgering_bench")
    args = parser.parse_args()
    process_started = time.perf_counter()
    print(f"bench_web: N={args.n:,} on {args.database}")
    info = prepare(args.n, args.database)
    gemeente, tokens, personen = info["gemeente"], info["tokens"], info["personen"]
    print(f"  municipality with the largest caseload: {gemeente}; {len(personen)} sample dossiers")
    server = serve(args.database)
    try:
        gm = f"gemeente-{gemeente.lower()}"

        def api(user: str, path: str):
            return lambda u, i: ("GET", path, {"Authorization": f"Token {tokens[user]}"}, None)

        cookie = _session_cookie(gm)
        page = lambda path: lambda u, i: ("GET", path, {"Cookie": cookie}, None)  # noqa: E731
        dossier_api = lambda u, i: (  # noqa: E731
            "GET",
            f"/api/v1/personen/{personen[(u * 97 + i) % len(personen)]}",
            {"Authorization": f"Token {tokens[gm]}"},
            None,
        )
        dossier_page = lambda u, i: (  # noqa: E731
            "GET",
            f"/personen/{personen[(u * 97 + i) % len(personen)]}/",
            {"Cookie": cookie},
            None,
        )
        results = []
        for users in (1, 16):
            results += [
                measure(
                    "worklist API (pip_termijn, municipality)",
                    users,
                    api(gm, "/api/v1/werklijsten/pip_termijn"),
                ),
                measure("worklist page (termijn_eindigt)", users, page("/werklijsten/termijn_eindigt/")),
                measure("worklist index page (8 counts)", users, page("/")),
                measure("dossier API (facts)", users, dossier_api),
                measure("dossier page (facts, timeline, read log)", users, dossier_page),
            ]
        print("  access scoping: the same rows, scoped by role vs filtered by an unscoped role")
        for users in (1, 16):
            results += [
                measure(
                    "worklist scoped (municipality)", users, api(gm, "/api/v1/werklijsten/termijn_eindigt")
                ),
                measure(
                    "worklist unscoped (DUO, ?gemeente=)",
                    users,
                    api("duo", f"/api/v1/werklijsten/termijn_eindigt?gemeente={gemeente}"),
                ),
                measure(
                    "worklist DUO, whole country", users, api("duo", "/api/v1/werklijsten/termijn_eindigt")
                ),
                measure(
                    "dossier API scoped (municipality)",
                    users,
                    dossier_api,
                ),
                measure(
                    "dossier API unscoped (DUO)",
                    users,
                    lambda u, i: (
                        "GET",
                        f"/api/v1/personen/{personen[(u * 97 + i) % len(personen)]}",
                        {"Authorization": f"Token {tokens['duo']}"},
                        None,
                    ),
                ),
            ]
        print("  writes through the API, each with its projection update")
        today = dt.date.today().isoformat()
        counter = iter(range(10**9))

        def write(u, i):
            k = next(counter)
            body = json.dumps(
                {
                    "id": f"bench-{k}",
                    "persoon": personen[k % len(personen)],
                    "soort": "uren_geregistreerd",
                    "geldig_op": today,
                    "bron": gemeente,
                    "gegevens": {"urensoort": "nt2", "uren": 3, "keurmerk": True},
                }
            )
            headers = {"Authorization": f"Token {tokens[gm]}", "Content-Type": "application/json"}
            return "POST", "/api/v1/gebeurtenissen", headers, body

        for users in (1, 16):
            results.append(measure("event write (POST, projection updated)", users, write))
    finally:
        server.terminate()
        server.wait(10)
    print(
        f"bench_web done in {time.perf_counter() - process_started:.0f} s, peak {peak_mb():,.0f} MB (this process)"
    )
    out = ROOT / "out" / "bench" / f"web-{args.n}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"figures: {out}")


if __name__ == "__main__":
    main()
