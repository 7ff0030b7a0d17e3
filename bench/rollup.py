"""Scale benchmark: national data set, maintained rollups, reads and the resolution page.

Builds 34 provinces and 3,321 communes (the real list), N indicators and monthly values for
M months for every commune through the same service the app uses (`write_values`, rollups
maintained on write), then prints:
- write throughput (values/s, rollups and audit maintained),
- the time to read one indicator's national value for one month and for one year,
- the time to save one commune figure (with its rollup up to the nation),
- the server time to render a 20-target resolution page.

    .venv/bin/python bench/rollup.py                  # both databases, 50 indicators x 24 months
    .venv/bin/python bench/rollup.py --db sqlite --indicators 5 --months 2   # a quick look

Goals (issue 2): national rollup read < 5 ms, resolution page < 150 ms, >= 5,000 values/s.
Each database runs in its own process (Django settings are per process).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/nghiquyet_bench")


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run_one(indicators: int, months: int) -> dict:
    """Runs inside a child process whose DATABASE_URL points at an empty database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghiquyet.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from nghiquyet.indicators.models import DataValue, Indicator, RollupValue
    from nghiquyet.indicators.services import ValueInput, get_value, write_values
    from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
    from nghiquyet.units.loader import load_units
    from nghiquyet.units.models import COMMUNE_LEVEL_KINDS, OrgUnit

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    load_units()
    units_s = time.perf_counter() - t0
    nation = OrgUnit.objects.get(code="VN")
    communes = list(OrgUnit.objects.filter(kind__in=COMMUNE_LEVEL_KINDS, valid_to__isnull=True).values_list("id", flat=True))

    households = Indicator.objects.create(code="B000", name="Số hộ (bench)", space_aggregation="sum", time_aggregation="last")
    inds = [households]
    for i in range(1, indicators):
        rule = "weighted_mean" if i % 10 == 1 else "mean" if i % 10 == 2 else "sum"
        inds.append(Indicator.objects.create(
            code=f"B{i:03d}", name=f"Chỉ số thử {i}", space_aggregation=rule,
            weight_indicator=households if rule == "weighted_mean" else None,
            time_aggregation="sum" if rule == "sum" else "last",
        ))
    rng = random.Random(42)
    period_codes = [f"{2023 + m // 12}M{m % 12 + 1:02d}" for m in range(months)]
    written = 0
    t0 = time.perf_counter()
    for period in period_codes:
        batch = [
            ValueInput(indicator_id=ind.id, unit_id=u, period=period, value=round(rng.uniform(1, 1000), 1))
            for ind in inds for u in communes
        ]
        written += write_values(batch, source="bench")
    write_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum (or a nightly ANALYZE) keeps them

    target_ind = inds[3 % len(inds)]
    month = period_codes[len(period_codes) // 2]
    year = period_codes[-1][:4]
    national_month_ms = _median_ms(lambda: get_value(target_ind.id, nation.id, month), 200)
    national_year_ms = _median_ms(lambda: get_value(target_ind.id, nation.id, year), 100)

    one = communes[len(communes) // 2]
    counter = iter(range(10**6))
    single_write_ms = _median_ms(
        lambda: write_values([ValueInput(target_ind.id, one, month, 5000.0 + next(counter))]), 30
    )

    resolution = Resolution.objects.create(
        issuer=nation, number="BENCH-1", title="Nghị quyết thử tải (bench)", term_start=2023, term_end=2027,
        is_sample=True,
    )
    for n, ind in enumerate(inds[:20], start=1):
        t = Target.objects.create(
            resolution=resolution, code=f"CT{n:02d}", text=f"Chỉ tiêu thử {n}", indicator=ind, kind="level",
            baseline_year=2023, baseline_value=100.0, target_year=2027, target_min=200.0, comparator="gte",
            direction="increase", order=n,
        )
        AnnualPlan.objects.bulk_create([AnnualPlan(target=t, year=y, value=100.0 + 25 * (y - 2023)) for y in range(2024, 2028)])
    client = Client()
    # Every page needs a log-in; a superuser sees the national resolution.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create(username="bench", is_superuser=True))
    url = reverse("web:resolution", args=[resolution.id]) + f"?nam={year}"
    assert client.get(url).status_code == 200  # warm-up, and a failure is loud
    page_ms = _median_ms(lambda: client.get(url), 10)
    home_ms = _median_ms(lambda: client.get("/"), 5)

    return {
        "database": connection.vendor,
        "communes": len(communes),
        "indicators": len(inds),
        "months": months,
        "values": DataValue.objects.count(),
        "rollup_rows": RollupValue.objects.count(),
        "load_units_s": round(units_s, 2),
        "write_s": round(write_s, 1),
        "values_per_s": round(written / write_s),
        "national_month_read_ms": round(national_month_ms, 3),
        "national_year_read_ms": round(national_year_ms, 3),
        "single_write_ms": round(single_write_ms, 2),
        "resolution_page_ms": round(page_ms, 1),
        "home_page_ms": round(home_ms, 1),
    }


def _prepare_postgres() -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(PG_URL)
    with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"], user=cfg["USER"], dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.indicators, args.months)))
        return

    results = []
    for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        env = dict(os.environ, LOG_LEVEL="ERROR", DEBUG="false", SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only"))
        workdir = tempfile.mkdtemp(prefix=f"nq-bench-{db}-")
        if db == "sqlite":
            env.pop("DATABASE_URL", None)
            env["NGHIQUYET_HOME"] = workdir  # a fresh var/nghiquyet.sqlite3
        else:
            _prepare_postgres()
            env["DATABASE_URL"] = PG_URL
        print(f"… {db}: {args.indicators} indicators × {args.months} months × 3,321 communes", flush=True)
        try:
            out = subprocess.run(
                [sys.executable, __file__, "--child", "--indicators", str(args.indicators), "--months", str(args.months)],
                env=env, capture_output=True, text=True, cwd=workdir,
            )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if out.returncode:
            sys.exit(f"{db}: the benchmark failed\n{out.stderr}")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)

    keys = list(results[0])
    width = max(len(k) for k in keys)
    print()
    print(" | ".join([f"{'measure':<{width}}"] + [f"{r['database']:>12}" for r in results]))
    for k in keys[1:]:
        print(" | ".join([f"{k:<{width}}"] + [f"{r[k]!s:>12}" for r in results]))
    print("\ngoals: national read < 5 ms, resolution page < 150 ms, >= 5,000 values/s")


if __name__ == "__main__":
    main()
