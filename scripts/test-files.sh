#!/bin/sh
# The test files `npm test` runs, one per line.
#   scripts/test-files.sh             every test: unit tests beside the code (src/**), the rest under test/
#   scripts/test-files.sh --database  only those whose outcome depends on the database server
#                                     (`npm run test:pg` runs these against TEST_DATABASE_URL)
# Unit tests under src/ never open a database. A file under test/ that always runs on the embedded
# database, whatever TEST_DATABASE_URL says (a spawned `oms` on a data directory), carries the line
# `// test-files: embedded database only` and runs once, in the PGlite pass.
set -eu
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--database" ]; then
  find test -name '*.test.ts' | sort | while read -r file; do
    grep -q '^// test-files: embedded database only' "$file" || echo "$file"
  done
else
  find src test -name '*.test.ts' | sort
fi
