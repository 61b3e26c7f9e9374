#!/bin/sh
# Statements check: every responder's DB_STMT names are unique, and, when a
# test database is given (HEARTH_TEST_DATABASE, as tools/hearth's unit
# suite does), every statement's SQL prepares on it. Runs each built
# responder with --statements (--prepare), which lists the statements
# linked into it (lib/db.h) and fails naming a shared name or a statement
# PostgreSQL refuses. tests/unit/test_stmts.c proves a shared name fails.

builddir=${HEARTH_BUILDDIR:-.}
set --
[ -n "$HEARTH_TEST_DATABASE" ] && set -- --prepare
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp" "$tmp.err"' EXIT
status=0 responders=0 statements=0

for bin in "$builddir"/cgi-bin/*/hearth-*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	responders=$((responders + 1))
	if ! "$bin" --statements "$@" >"$tmp" 2>"$tmp.err"; then
		echo "statements_check: $(basename "$bin") --statements $* failed:" >&2
		cat "$tmp.err" >&2
		status=1
	elif [ ! -s "$tmp" ]; then
		echo "statements_check: $(basename "$bin") lists no statements" >&2
		status=1
	fi
	statements=$((statements + $(wc -l <"$tmp")))
done

if [ "$responders" -eq 0 ]; then
	echo "statements_check: no responders built under $builddir/cgi-bin/" >&2
	exit 1
fi
[ $status -eq 0 ] && echo "statements_check: ok ($statements statements in $responders responders${1:+, each prepared})"
exit $status
