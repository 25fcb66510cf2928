"""`python -m bench`: every benchmark, one table (see bench/run.py for the flags)."""

from bench.run import main

raise SystemExit(main())
