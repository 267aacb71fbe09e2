"""`make bench`: run every benchmark module in bench/ (or those named on the command line) and print figures.

Each module exposes `run() -> list[tuple[str, float, str]]` rows (what, value, unit), measured side by side
with its raw baseline in the same run, because this machine is shared and noisy.
"""

import importlib
import os
import sys
import time

BENCHMARKS = ["bench.platform", "bench.firma", "bench.search", "bench.inventarios"]


def main(names: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sai.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    # Benchmarks write: they get a throw-away test database, never the real one.
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        for name in names or BENCHMARKS:
            started = time.perf_counter()
            print(f"\n== {name}")
            for what, value, unit in importlib.import_module(name).run():
                print(f"  {what:<58} {value:>12.1f} {unit}")
            print(f"  ({time.perf_counter() - started:.1f} s)")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
