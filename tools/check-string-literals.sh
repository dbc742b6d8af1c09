#!/usr/bin/env bash
# Fails when the string-literal style drifts (docs/architecture.md#habits): .cpp files write
# u"…"_s and "…"_ba, never QStringLiteral, QByteArrayLiteral, _qs or _qba; headers, which carry
# no using-directive, write QStringLiteral and QByteArrayLiteral, never _qs, _qba, _s or _ba.
# Prints every offending file:line; exit status 1 if there is one.
# tools/unify-string-literals.py rewrites a tree into this style.
set -euo pipefail
cd "$(dirname "$0")/.."

in_sources='\b(QStringLiteral|QByteArrayLiteral)[[:space:]]*\(|"_(qs|qba)\b'
in_headers='"_(qs|qba|s|ba)\b'

found=0
report() {
  local file=$1 pattern=$2 hit
  while IFS= read -r hit; do
    echo "check-string-literals: $file:${hit%%:*}: ${hit#*:}" >&2
    found=1
  done < <(grep -nE "$pattern" "$file" || true)
}
while IFS= read -r file; do
  case "$file" in
    *.cpp) report "$file" "$in_sources" ;;
    *.h) report "$file" "$in_headers" ;;
  esac
done < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h')

if [ "$found" -ne 0 ]; then
  echo "check-string-literals: write u\"…\"_s and \"…\"_ba in .cpp files (using namespace" \
    "Qt::StringLiterals;), QStringLiteral and QByteArrayLiteral in headers;" \
    "tools/unify-string-literals.py does it" >&2
  exit 1
fi
echo "check-string-literals: one string-literal style"
