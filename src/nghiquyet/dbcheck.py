"""Exit 0 when the PostgreSQL at the given URL answers; used by `make test`."""

import sys

import dj_database_url
import psycopg


def main() -> int:
    cfg = dj_database_url.parse(sys.argv[1])
    try:
        psycopg.connect(
            host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None, dbname=cfg["NAME"], connect_timeout=3,
        ).close()
    except Exception as exc:  # any failure means "not available here"
        print(f"PostgreSQL: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
