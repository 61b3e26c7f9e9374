#!/bin/sh
# Statements check: every responder's DB_STMT names are unique, and, when a
# test database is given (HEARTH_TEST_DATABASE, as tools/hearth's unit
# suite does), every statement's SQL prepares on it. Runs each built
# responder with --statements (--prepare), which lists the statements
# linked into it (lib/db.h) and fails naming a shared name or a statement
# PostgreSQL refuses. tests/unit/test_stmts.c proves a shared name fails.

builddir=${HEARTH_BUILDDIR:-.}
status=0
nresp=0
nstmts=0
report() { echo "statements_check: $1" >&2; status=1; }

set --
[ -n "$HEARTH_TEST_DATABASE" ] && set -- --prepare
for bin in "$builddir"/cgi-bin/*/hearth-*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	case $bin in *.o | *.c) continue ;; esac
	nresp=$((nresp + 1))
	name=$(basename "$bin")
	if ! out=$("$bin" --statements "$@" 2>&1 >/dev/null); then
		report "$name --statements $*: $out"
		continue
	fi
	n=$("$bin" --statements | wc -l)
	[ "$n" -gt 0 ] || report "$name --statements listed no statements"
	nstmts=$((nstmts + n))
done

[ "$nresp" -gt 0 ] || report "no responders built under $builddir/cgi-bin/*/"
[ $status -eq 0 ] && echo "statements_check: ok ($nstmts statements in $nresp responders${1:+, all prepared})"
exit $status
