# The two commands a newcomer needs (see README.md).
.PHONY: run test lint bench soak messages

run:  ## install what is missing, migrate, load the demo town, serve with a worker and beat
	scripts/run.sh

test:  ## install what is missing and run the whole suite (on every core: TEST_WORKERS=1 for one)
	scripts/test.sh -n $${TEST_WORKERS:-auto}

lint:
	.venv/bin/ruff check .

messages:  ## refresh the translation catalogues (scripts/messages.sh <app> for one app)
	scripts/messages.sh

bench:  ## the city-scale benchmark (seeds 1,000,000 cases on PostgreSQL the first time)
	scripts/bootstrap.sh --bench && .venv/bin/python bench/run.py $(BENCH_ARGS)

soak:  ## ten minutes of mixed traffic at 80 % of capacity on the benchmark's data (issue 10)
	scripts/bootstrap.sh --bench && .venv/bin/python bench/soak.py $(SOAK_ARGS)
