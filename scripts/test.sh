#!/usr/bin/env bash
# The README's test command: set-up (idempotent), the vitest suites, the Rust kernel tests
# on the host, then one closing line `tests: N passed, N failed` over both.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

report=$(mktemp)
# A hung test must fail the run quickly rather than hold CI for its whole time limit.
timeout --signal=KILL 1500 npx vitest run --reporter=default --reporter=json --outputFile.json="$report"
vitest_status=$?
[ "$vitest_status" -eq 137 ] && echo "test.sh: vitest did not finish within 25 minutes and was stopped" >&2
[ -s "$report" ] || echo '{"numPassedTests":0,"numFailedTests":1,"numTotalTestSuites":0}' > "$report"

cargo_log=$(mktemp)
PATH=/usr/bin:$PATH cargo test --release --offline -p kerasm-kernels --lib 2>&1 | tee "$cargo_log" | grep -v '^$'
cargo_status=${PIPESTATUS[0]}

node -e '
const fs = require("fs");
const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const m = fs.readFileSync(process.argv[2], "utf8").match(/(\d+) passed; (\d+) failed/);
const passed = r.numPassedTests + (m ? +m[1] : 0);
const failed = r.numFailedTests + (m ? +m[2] : 1);
console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed (${r.numTotalTestSuites} suites); cargo: ${m ? m[1] : 0} passed, ${m ? m[2] : "?"} failed`);
console.log(`tests: ${passed} passed, ${failed} failed`);
' "$report" "$cargo_log"
rm -f "$report" "$cargo_log"
[ "$vitest_status" -eq 0 ] && [ "$cargo_status" -eq 0 ]
