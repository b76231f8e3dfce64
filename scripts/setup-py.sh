#!/bin/sh
# A Python virtual environment in .cache/py with the readers users load exports with
# (datasets, pyarrow, pillow, soundfile): the tests and benches that check an export with them use
# it and are skipped, saying why, without it. Uses the pip configuration of the machine (an
# air-gapped box points pip at its local index).
set -e
cd "$(dirname "$0")/.."
[ -x .cache/py/bin/python ] || python3 -m venv .cache/py
.cache/py/bin/pip install -q datasets pyarrow pillow soundfile numpy
.cache/py/bin/python -c "import datasets, pyarrow; print('datasets', datasets.__version__, 'pyarrow', pyarrow.__version__)"
