#!/bin/sh
# Stylesheet check: every { has its }, outside comments and strings, in
# each static/css/*.css. A block left open (a merge that kept one side's
# closing brace of an @media) silently swallows every rule after it into
# that media query: the page looks unstyled only on some screens.
dir="${HEARTH_SRCDIR:-.}/static/css"
exec python3 - "$dir" <<'PY'
import re, sys, pathlib
status = 0
for css in sorted(pathlib.Path(sys.argv[1]).glob('*.css')):
    text = css.read_text(encoding='utf-8')
    # comments and strings out, line breaks kept (for the line numbers)
    text = re.sub(r'/\*.*?\*/|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'',
                  lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)
    depth, opened = 0, []
    for n, line in enumerate(text.split('\n'), 1):
        for ch in line:
            if ch == '{':
                opened.append(n)
            elif ch == '}':
                if not opened:
                    print(f'css_check: {css.name}:{n}: a }} closes nothing', file=sys.stderr)
                    status = 1
                else:
                    opened.pop()
    for n in opened:
        print(f'css_check: {css.name}:{n}: a {{ is never closed', file=sys.stderr)
        status = 1
sys.exit(status)
PY
