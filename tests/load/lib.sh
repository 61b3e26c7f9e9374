# tests/load/lib.sh: what the load scripts share (sourced; ROOT and URL set
# by the caller): the stack's database, scale data, a signed-in cookie.

# psql_owner SQL [CONFIG]: one value from the stack's database, as its owner.
psql_owner() {
	local conf=${2:-$ROOT/var/hearth.conf} db
	db="$(sed -n 's/^database *= *//p' "$conf")"
	psql "$db user=hearth" -XAtq -c "$1"
}

# ensure_data N: at least N customers (hearthctl seed scale adds the rest).
ensure_data() {
	local want=$1 n
	n="$(psql_owner "SELECT count(*) FROM customers.customers")"
	if [ "$n" -lt "$want" ]; then
		echo "seeding $((want - n)) customers (have $n)"
		local t0=$SECONDS
		(cd "$ROOT" && HEARTH_CONFIG="$ROOT/var/hearth.conf" tools/hearthctl seed scale --customers "$((want - n))")
		echo "seeded in $((SECONDS - t0)) s"
	fi
	echo "customers: $(psql_owner "SELECT count(*) FROM customers.customers"), contacts: $(psql_owner "SELECT count(*) FROM customers.contacts"), communications: $(psql_owner "SELECT count(*) FROM customers.communications")"
}

# sign_in JAR: signs the demo admin in at $URL; sets COOKIE ("hearth_session=...").
sign_in() {
	local jar=$1 page csrf
	rm -f "$jar"
	page="$(curl -fsS -c "$jar" -b "$jar" "$URL/auth/login")"
	csrf="$(printf '%s' "$page" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)"
	curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=admin@demo.hearth" \
		--data-urlencode "password=hearth-demo-2026" --data-urlencode "_csrf=$csrf" "$URL/auth/login"
	COOKIE="hearth_session=$(awk '$6 == "hearth_session" { print $7 }' "$jar")"
	[ "$COOKIE" != "hearth_session=" ] || { echo "sign-in failed" >&2; exit 1; }
}
