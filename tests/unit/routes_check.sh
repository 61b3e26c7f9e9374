#!/bin/sh
# Routes check: every route of every responder declares its permission.
# Runs each built responder (cgi-bin/*/hearth-*) with --routes, which prints
# its route table as JSON lines {method, pattern, permission} without
# touching configuration or database, and fails when
# - a route is public (permission null) and not in the allowlist below,
# - a permission is not "signed-in" or "family:read|write|admin",
# - a responder prints no routes or fails.
# - a route skips the CSRF check (ROUTE_NO_CSRF) and is not in NO_CSRF below.
# Adding a public route means adding it here, with the reason, in review.

# METHOD PATTERN: the routes that may answer without a signed-in user.
ALLOW='
# The sign-in form and its submission: nobody is signed in yet.
GET /auth/login
POST /auth/login
# The second sign-in step (TOTP or recovery code): the first step has not
# made a session yet, only a short-lived pending-sign-in token.
POST /auth/login/2fa
# OAuth2 client credentials (RFC 6749 4.4): the client authenticates with
# its id and secret in the request itself.
POST /auth/oauth/token
# OpenID Connect: the start redirects a signed-out browser to the provider,
# the callback is where the provider sends it back (state, nonce and PKCE
# are checked there).
GET /auth/oidc/start
GET /auth/oidc/callback
# The link of an invitation mail (sql/019, cgi-bin/auth/invitation.c): the
# one-time random token in it is the credential; its page sets the first password.
GET /auth/invitation/:token
POST /auth/invitation/:token
# Health checks: load balancers and tools/hearth ask them, signed out.
GET /auth/healthz
GET /customers/healthz
GET /projects/healthz
GET /inventory/healthz
GET /service/healthz
GET /sales/healthz
GET /analytics/healthz
# The quote a customer opens from the link in the email, and accepts with a
# typed name: the unguessable signed token in the link is the credential.
GET /sales/quotes/public/:token
POST /sales/quotes/public/:token/accept
# Monitoring alerts: the sender signs each request (HMAC), checked by the
# handler; there is no user session.
POST /service/alerts
# Web-form capture (cgi-bin/sales/capture.c): a lead from the website of
# the integrator; the key of the form with a signature (JSON) or a honeypot, origin
# check and rate limit (HTML form) are checked by the handler.
POST /leads/capture
'

# METHOD PATTERN: the routes that may skip the CSRF check (ROUTE_NO_CSRF):
# the request carries its own credential, so a forged cross-site request
# has nothing to ride on.
NO_CSRF='
# OAuth2 client credentials: the client id and secret are in the request.
POST /auth/oauth/token
# Web-form capture: posted by the website of the integrator (another origin,
# no session); the key of the form and checks stand for the token.
POST /leads/capture
'

builddir=${HEARTH_BUILDDIR:-.}
allow=$(printf '%s\n' "$ALLOW" | grep -v '^#' | grep -v '^$')
no_csrf=$(printf '%s\n' "$NO_CSRF" | grep -v '^#' | grep -v '^$')
status=0
nresp=0
nroutes=0
report() { echo "routes_check: $1" >&2; status=1; }

for bin in "$builddir"/cgi-bin/*/hearth-*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	case $bin in *.o | *.c) continue ;; esac
	nresp=$((nresp + 1))
	name=$(basename "$bin")
	if ! out=$("$bin" --routes 2>&1); then
		report "$name --routes failed: $out"
		continue
	fi
	n=0
	# One JSON object per line, printed by json-c: fields in a fixed order,
	# strings without escapes (patterns and permissions are plain words).
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		n=$((n + 1))
		method=$(printf '%s' "$line" | sed -n 's/.*"method":"\([^"]*\)".*/\1/p')
		pattern=$(printf '%s' "$line" | sed -n 's/.*"pattern":"\([^"]*\)".*/\1/p')
		perm=$(printf '%s' "$line" | sed -n 's/.*"permission":\(null\|"[^"]*"\).*/\1/p')
		if [ -z "$method" ] || [ -z "$pattern" ] || [ -z "$perm" ]; then
			report "$name: cannot read route line: $line"
			continue
		fi
		case $line in
		*'"no_csrf":true'*)
			if ! printf '%s\n' "$no_csrf" | grep -qxF "$method $pattern"; then
				report "$name: $method $pattern skips the CSRF check (ROUTE_NO_CSRF) but is not in the NO_CSRF list"
			fi
			;;
		esac
		case $perm in
		null)
			if ! printf '%s\n' "$allow" | grep -qxF "$method $pattern"; then
				report "$name: $method $pattern is public (PERM_PUBLIC) but not in the allowlist; give it a permission"
			fi
			;;
		'"signed-in"') ;;
		*)
			if ! printf '%s' "$perm" | grep -qE '^"[a-z]+:(read|write|admin)"$'; then
				report "$name: $method $pattern has a malformed permission $perm"
			fi
			;;
		esac
	done <<EOF
$out
EOF
	[ "$n" -gt 0 ] || report "$name --routes printed no routes"
	nroutes=$((nroutes + n))
done

[ "$nresp" -gt 0 ] || report "no responders built under $builddir/cgi-bin/*/"
[ $status -eq 0 ] && echo "routes_check: ok ($nroutes routes in $nresp responders)"
exit $status
