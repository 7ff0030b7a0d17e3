"""`nghiquyet` console command: a thin wrapper over Django's management commands."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghiquyet.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["help"]
    else:
        # Django names commands after their modules (load_units.py); the documented form is load-units.
        i = 1 if args[0] == "help" and len(args) > 1 else 0
        if not args[i].startswith("-"):
            args[i] = args[i].replace("-", "_")
    execute_from_command_line(["nghiquyet", *args])


if __name__ == "__main__":
    main()
