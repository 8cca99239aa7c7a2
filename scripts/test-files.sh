#!/bin/sh
# The test files a test run starts, one per line (docs/adr/0020-what-runs-on-postgresql.md).
#   scripts/test-files.sh             `npm test`, on the embedded database: every test. The unit tests
#                                     beside the code (src/**) run in two shared processes, through
#                                     test/unit-*.test.ts, the API tests (test/api) in six, through
#                                     test/api-*.test.ts, and the browser tests (test/web) in a few, through
#                                     test/web-*.test.ts (test/support/shared-process.ts), except a file
#                                     marked `// test-files: own process (why)`; every other file under
#                                     test/ runs in a process of its own.
#   scripts/test-files.sh --database  `npm run test:pg`, on the PostgreSQL server: the files whose outcome
#                                     depends on the database server. Everything under test/db, test/e2e
#                                     and test/broker, and any other file under test/ that carries the line
#                                     `// test-files: database server (why)`. A file marked
#                                     `// test-files: embedded database only` (a spawned `oms` on a data
#                                     directory of its own) never runs here.
# test/test-files.test.ts keeps the marks honest: a file that races requests, drives the outbox relay
# or asks which engine it is on must say where it runs.
set -eu
cd "$(dirname "$0")/.."
marked() { grep -q "^// test-files: $1" "$2"; }
# (Node 20's runner sorts the files it is given, whatever their order here.)
if [ "${1:-}" = "--database" ]; then
  find test -name '*.test.ts' | LC_ALL=C sort | while read -r file; do
    marked 'embedded database only' "$file" && continue
    case "$file" in
      test/db/* | test/e2e/* | test/broker/*) echo "$file" ;;
      *) if marked 'database server' "$file"; then echo "$file"; fi ;;
    esac
  done
else
  find test -name '*.test.ts' | LC_ALL=C sort | while read -r file; do
    case "$file" in
      test/api/* | test/web/*) if marked 'own process' "$file"; then echo "$file"; fi ;;
      *) echo "$file" ;;
    esac
  done
  find src -name '*.test.ts' | LC_ALL=C sort | while read -r file; do
    if marked 'own process' "$file"; then echo "$file"; fi
  done
fi
