#!/usr/bin/env bash
# Fails when a source file of the product (server, shared, console, dashboard) outside the
# platform seam, server/src/platform/, includes a POSIX or Linux header or names a Linux-only
# call, so the Windows and macOS builds keep compiling (docs/architecture.md#platform-seam).
# Tests and the Linux load generators in tools/ may use them; they are not shipped there.
# Prints every offending file:line with what it found; exit status 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

checked_folders=(server shared ui app)
seam='^server/src/platform/'
# Headers only POSIX or Linux has, and Linux-only calls and files named in code or comments.
forbidden_includes='#[[:space:]]*include[[:space:]]*<(sys/|unistd\.h|arpa/|netinet/|netdb\.h|dirent\.h|fcntl\.h|poll\.h|pthread\.h|signal\.h|termios\.h|mach/|windows\.h|winsock)'
forbidden_names='\b(epoll[a-z_]*|eventfd|socketpair|sd_notify|signalfd|timerfd|inotify[a-z_]*|getrlimit|setrlimit|sysconf|isatty)\b|/proc/'

found=0
while IFS= read -r file; do
  [[ "$file" =~ $seam ]] && continue
  while IFS= read -r hit; do
    echo "check-portable-includes: $file:${hit%%:*}: not portable outside server/src/platform/: ${hit#*:}" >&2
    found=1
  done < <(grep -nE "$forbidden_includes|$forbidden_names" "$file" || true)
done < <(git ls-files --cached --others --exclude-standard -- "${checked_folders[@]}" | grep -E '\.(cpp|h|mm)$')

if [ "$found" -ne 0 ]; then
  echo "check-portable-includes: move the call behind server/src/platform/platform.h (a Linux" \
    "and a portable implementation), or use Qt's portable API" >&2
  exit 1
fi
echo "check-portable-includes: no POSIX/Linux headers or calls outside server/src/platform/"
