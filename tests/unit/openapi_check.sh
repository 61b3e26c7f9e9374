#!/bin/sh
# The API contract is complete: every route of every responder's --routes is
# in the document tools/openapi/build.mjs makes (static/openapi.json at build
# time), and nothing else is; every route that the resource layer does not
# run has its hand-written description (cgi-bin/<family>/*.openapi.json), and
# every fragment names a real route (build.mjs fails otherwise). The file the
# build wrote for nginx is checked too: a responder missing from
# API_RESPONDERS (Makefile.am) fails here. docs/api.md.
builddir=${HEARTH_BUILDDIR:-.}
srcdir=${HEARTH_SRCDIR:-.}
command -v node >/dev/null || { echo "openapi_check: node is not installed" >&2; exit 1; }
set --
for bin in "$builddir"/cgi-bin/*/hearth-*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	case $bin in *.o | *.c) continue ;; esac
	set -- "$@" "$bin"
done
[ $# -gt 0 ] || { echo "openapi_check: no responders built under $builddir/cgi-bin/*/" >&2; exit 1; }
exec node "$srcdir/tools/openapi/build.mjs" --root "$srcdir" --check-routes --doc "$builddir/static/openapi.json" "$@"
