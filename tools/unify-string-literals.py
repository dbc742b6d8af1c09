#!/usr/bin/env python3
"""One string-literal style across the tracked C++ files.

In .cpp files: u"..."_s for QString and "..."_ba for QByteArray (Qt::StringLiterals), never
QStringLiteral(...), QByteArrayLiteral(...), _qs or _qba; a file that needs the operators gets
`using namespace Qt::StringLiterals;` after its includes. In headers, which must not pull a
using-directive into every file that includes them: QStringLiteral(...) and
QByteArrayLiteral(...), never _qs, _qba, _s or _ba.

QStringLiteral(MACRO), whose argument is not a string literal, becomes QString::fromUtf8(MACRO)
in .cpp files (u"..." cannot prefix a macro).

Re-runnable: a tree already in this style is left as it is. Run from anywhere inside the
repository; the files it changes are formatted with clang-format. `--check` only lists what
would change and exits 1 if anything would.
tools/check-string-literals.sh is the cheap check tools/test.sh runs.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

USING = "using namespace Qt::StringLiterals;"
# Any using-directive that brings the _s and _ba operators into scope.
USING_RE = re.compile(
    r"using\s+namespace\s+Qt\s*::\s*(?:Literals\s*::\s*)?(?:StringLiterals|Literals)\s*;"
)


def skip_string(text, i):
    """text[i] starts a (possibly prefixed, possibly raw) string literal; index after it."""
    j = i
    while text[j] in "uU8LR":
        j += 1
    raw = "R" in text[i:j]
    assert text[j] == '"', text[i : j + 1]
    if raw:
        close = text.index("(", j)
        delimiter = text[j + 1 : close]
        end = text.index(")" + delimiter + '"', close)
        return end + len(delimiter) + 2
    j += 1
    while text[j] != '"':
        j += 2 if text[j] == "\\" else 1
    return j + 1


def literal_start(text, i):
    """Whether text[i:] starts a string literal (with an optional u/U/u8/L/R prefix)."""
    m = re.match(r'(?:u8|u|U|L)?R?"', text[i:])
    return m is not None and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"))


def char_literal_start(text, i):
    """Whether the quote at text[i] opens a character literal, not a digit separator (1'000)."""
    m = re.search(r"(\w*)$", text[max(0, i - 32) : i])
    word = m.group(1)
    return word in ("", "u", "U", "L", "u8")


def skip_space_and_comments(text, i):
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith("//", i):
            i = text.index("\n", i)
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
        else:
            return i


def literal_pieces(text, i):
    """From i (just after an opening parenthesis): the string literals up to the closing one.

    Returns (pieces, index after ')') where each piece is (start, end) of one literal in text,
    or None when the argument is anything but adjacent string literals."""
    pieces = []
    j = skip_space_and_comments(text, i)
    while j < len(text) and literal_start(text, j):
        end = skip_string(text, j)
        pieces.append((j, end))
        j = skip_space_and_comments(text, end)
    if not pieces or j >= len(text) or text[j] != ")":
        return None
    return pieces, j + 1


def unprefixed(literal):
    """A literal without its encoding prefix: 'u"a"' -> '"a"', 'uR"(a)"' -> 'R"(a)"'."""
    m = re.match(r'(u8|u|U|L)?(R?".*)', literal, re.S)
    return m.group(2)


def as_u(literal):
    return "u" + unprefixed(literal)


def joined(text, pieces, first, rest=unprefixed):
    """The literals of `pieces` with what separates them kept; the first through `first`."""
    out = []
    for n, (start, end) in enumerate(pieces):
        if n > 0:
            out.append(text[pieces[n - 1][1] : start])
        out.append((first if n == 0 else rest)(text[start:end]))
    return "".join(out)


def rewrite_macro(text, macro, convert):
    """Every macro(...) call in text passed through convert(pieces-or-None, call text)."""
    out = []
    pos = 0
    pattern = re.compile(r"\b" + macro + r"\s*\(")
    not_code = [(start, end) for start, end, is_code in code_spans(text) if not is_code]
    for m in pattern.finditer(text):
        if m.start() < pos or any(start <= m.start() < end for start, end in not_code):
            continue  # inside a comment or a string, or a call already rewritten
        found = literal_pieces(text, m.end())
        if found is None:
            # Not literals: a macro or an expression. Find the closing parenthesis.
            depth, j = 1, m.end()
            while depth:
                if literal_start(text, j):
                    j = skip_string(text, j)
                    continue
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            replacement = convert(None, text[m.start() : j], text[m.end() : j - 1])
            end = j
        else:
            pieces, end = found
            replacement = convert(pieces, None, None)
        out.append(text[pos : m.start()])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def code_spans(text):
    """(start, end, is_code) spans: string/char literals and comments are not code."""
    spans = []
    i = 0
    start = 0
    n = len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            spans.append((start, i, True))
            end = text.find("\n", i)
            end = n if end < 0 else end
            spans.append((i, end, False))
            i = start = end
        elif text.startswith("/*", i):
            spans.append((start, i, True))
            end = text.index("*/", i) + 2
            spans.append((i, end, False))
            i = start = end
        elif c == '"' or (literal_start(text, i) and c in "uULR"):
            m = re.match(r'(?:u8|u|U|L)?R?"', text[i:])
            if m is None:
                i += 1
                continue
            spans.append((start, i, True))
            end = skip_string(text, i)
            # A user-defined suffix belongs to the literal.
            s = re.match(r"[A-Za-z_]\w*", text[end:])
            if s:
                end += s.end()
            spans.append((i, end, False))
            i = start = end
        elif c == "'" and char_literal_start(text, i):
            spans.append((start, i, True))
            j = i + 1
            while text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            spans.append((i, j + 1, False))
            i = start = j + 1
        else:
            i += 1
    spans.append((start, n, True))
    return [s for s in spans if s[0] < s[1]]


def convert_suffixes(text, to_header):
    """_qs/_qba (and, in headers, _s/_ba) on string literals."""
    out = []
    for start, end, is_code in code_spans(text):
        piece = text[start:end]
        if not is_code and piece[:1] in 'uULR"':
            m = re.match(r'(.*")(_qs|_qba|_s|_ba)$', piece, re.S)
            if m:
                literal, suffix = m.groups()
                if to_header:
                    if suffix in ("_qs", "_s"):
                        piece = "QStringLiteral(" + unprefixed(literal) + ")"
                    else:
                        piece = "QByteArrayLiteral(" + unprefixed(literal) + ")"
                elif suffix == "_qs":
                    piece = literal + "_s"
                elif suffix == "_qba":
                    piece = literal + "_ba"
        out.append(piece)
    return "".join(out)


def convert_source(text):
    def string_literal(pieces, call, argument):
        if pieces is None:
            return "QString::fromUtf8(" + argument.strip() + ")"
        return joined(text_ref[0], pieces, as_u) + "_s"

    def byte_literal(pieces, call, argument):
        if pieces is None:
            return call  # not a literal: left alone, and the check will name it
        return joined(text_ref[0], pieces, unprefixed) + "_ba"

    text_ref = [convert_suffixes(text, to_header=False)]
    text_ref[0] = rewrite_macro(text_ref[0], "QStringLiteral", string_literal)
    text_ref[0] = rewrite_macro(text_ref[0], "QByteArrayLiteral", byte_literal)
    return text_ref[0]


def convert_header(text):
    # u"…" prefixes move into the macro, which adds its own.
    return convert_suffixes(text, to_header=True)


def uses_operators(text):
    for start, end, is_code in code_spans(text):
        if not is_code and re.search(r'"(_s|_ba)$', text[start:end]):
            return True
    return False


def add_using(text):
    """`using namespace Qt::StringLiterals;` after the file's leading includes."""
    lines = text.split("\n")
    last_preprocessor = -1
    in_comment = False
    for n, line in enumerate(lines):
        stripped = line.strip()
        if in_comment:
            in_comment = "*/" not in stripped
            continue
        if stripped.startswith("/*"):
            in_comment = "*/" not in stripped
            continue
        if not stripped or stripped.startswith("//"):
            continue
        if stripped.startswith("#"):
            last_preprocessor = n
            # Continued lines of a directive.
            continue
        break
    insert = last_preprocessor + 1
    lines[insert:insert] = ["", USING]
    return "\n".join(lines)


def tracked_files(root):
    listed = subprocess.run(
        ["git", "ls-files", "*.cpp", "*.h"], cwd=root, check=True, capture_output=True, text=True
    ).stdout.split()
    return [root / name for name in listed]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args()
    root = Path(
        subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    changed = []
    for path in tracked_files(root):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".h":
            new = convert_header(text)
        else:
            new = convert_source(text)
            if uses_operators(new) and not USING_RE.search(new):
                new = add_using(new)
        if new != text:
            changed.append(path.relative_to(root))
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for name in changed:
        print(name)
    if changed and not args.check:
        # The rewritten calls change line lengths: format what was touched, as CI checks it.
        try:
            subprocess.run(["clang-format", "-i", *map(str, changed)], cwd=root, check=True)
        except FileNotFoundError:
            print("clang-format not found: format the files listed above", file=sys.stderr)
    if args.check and changed:
        return 1
    print(f"{len(changed)} files {'to change' if args.check else 'changed'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
