#!/usr/bin/env bash
# Fails (exit 1) if a C or C++ source of actx differs from .clang-format, and
# prints the offending files with the fix command.  The rewriter's golden inputs
# and expected outputs (tests/rewrite/) are data, byte-compared by the tests,
# and stay as written; so do the assembly stubs.
# Usage: bash .ci/check-format.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files -- '*.c' '*.h' '*.cpp' ':!:tests/rewrite/*')
if [ "${1-}" = --fix ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted: %s\n' "${bad[@]}"
  echo "fix with: bash .ci/check-format.sh --fix"
  exit 1
fi
echo "format: ${#files[@]} files match .clang-format"
