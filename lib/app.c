/* app.c: the responder's life: start-up (the only place that may die),
 * then one request at a time, each in its arena, each logged. */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "api.h"
#include "app.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "kept.h"
#include "log.h"
#include "resp.h"
#include "view.h"

static volatile sig_atomic_t app_stopping;

static void
on_term(int sig)
{
	(void)sig;
	app_stopping = 1;
	FCGX_ShutdownPending();
}

static long
fcgx_read(void *ctx, char *dst, size_t n)
{
	int got = FCGX_GetStr(dst, (int)(n > 1 << 20 ? 1 << 20 : n), (FCGX_Stream *)ctx);
	return got;
}

static void
fcgx_write(void *ctx, const char *p, size_t n)
{
	/* FCGX_PutStr, never FCGX_FPrintF: its printf cuts %zu (LIBRARY-NOTES). */
	FCGX_PutStr(p, (int)n, (FCGX_Stream *)ctx);
}

/* A browser form cannot send PATCH or DELETE: POST with _method does. */
static void
method_override(struct request *r)
{
	if (r->method != HM_POST)
		return;
	const char *m = kv_get(&r->form, "_method");
	if (m == NULL)
		return;
	if (strcasecmp(m, "PATCH") == 0) {
		r->method = HM_PATCH;
		r->method_name = "PATCH";
	} else if (strcasecmp(m, "DELETE") == 0) {
		r->method = HM_DELETE;
		r->method_name = "DELETE";
	} else if (strcasecmp(m, "PUT") == 0) {
		r->method = HM_PUT;
		r->method_name = "PUT";
	}
}

/* Forget what a failed attempt built, before running the handler again. */
static void
reset_answer(struct request *r)
{
	r->status = 0;
	r->out_headers.n = 0;
	buf_reset(&r->body);
	json_object_put(r->data);
	json_object_put(r->errors);
	json_object_put(r->form_values);
	json_object_put(r->page);
	r->data = r->errors = r->form_values = r->page = NULL;
	r->template = NULL;
	r->problem_detail = NULL;
}

static enum herr
healthz(struct request *r)
{
	PGresult *res = db_simple(r, "SELECT 1");
	if (res == NULL)
		return HE_DB_DOWN;
	r->status = 200;
	r->format = FMT_JSON;
	r->data = json_object_new_object();
	json_object_object_add(r->data, "status", json_object_new_string("ok"));
	json_object_object_add(r->data, "family", json_object_new_string(r->family));
	r->no_etag = 1;
	return HE_OK;
}

/* Gates a signed-in cookie session must pass before anything else
 * answers: a forced password change first (an admin gave a temporary
 * password), then a two-factor enrolment their role requires. Only
 * routes flagged open for that gate answer (the change or enrolment page,
 * sign-out, /auth/me); elsewhere HTML is sent there (303), anything else
 * gets 403. 1 (and *e the answer) when a gate holds. */
static int
pending_gate(struct request *r, unsigned flags, enum herr *e)
{
	const struct principal *p = &r->principal;
	if (p->must_change_password && !(flags & ROUTE_OPEN_PW_PENDING)) {
		if (r->format == FMT_HTML) {
			resp_flash(r, "info", "Choose a new password to continue.");
			*e = resp_redirect(r, 303, "/auth/password");
			return 1;
		}
		r->problem_detail = "Password change required: set a new password at /auth/password first.";
		*e = HE_FORBIDDEN;
		return 1;
	}
	if (p->session_id != NULL && p->totp_required && !p->totp_enabled && !p->must_change_password &&
	    !(flags & ROUTE_OPEN_2FA_PENDING)) {
		r->problem_detail = "Two-factor enrolment required: your role requires two-factor sign-in; "
		    "set it up at /auth/2fa first.";
		*e = r->format == FMT_HTML ? resp_redirect(r, 303, "/auth/2fa") : HE_FORBIDDEN;
		return 1;
	}
	return 0;
}

static enum herr
dispatch(const struct app *app, struct request *r)
{
	char health[64];
	snprintf(health, sizeof(health), "/%s/healthz", app->family);
	if (strcmp(r->path, health) == 0 && (r->method == HM_GET || r->method == HM_HEAD)) {
		enum herr e = healthz(r);
		if (e != HE_OK)
			r->format = FMT_JSON;
		return e;
	}

	enum herr e = auth_load(r);
	if (e != HE_OK)
		return e;
	const struct route *rt = NULL;
	enum herr matched = route_match(app->routes, app->nroutes, r, &rt);
	r->route = matched == HE_OK ? rt : NULL;
	unsigned flags = r->route ? r->route->flags : 0;
	if (r->principal.user_id == 0 && r->format == FMT_HTML && !(flags & ROUTE_NO_CSRF))
		auth_ensure_pre(r);
	/* Before 404/405 too: a held user learns where to go, not what exists. */
	if (pending_gate(r, flags, &e))
		return e;
	if (matched != HE_OK)
		return matched;
	if (rt->perm != PERM_PUBLIC) {
		if (r->principal.user_id == 0)
			return HE_UNAUTHORIZED;
		if (!auth_has(r, rt->perm)) {
			if (r->principal.via_bearer)    /* say which: scripts cannot reload a form */
				r->problem_detail = strcmp(rt->perm, PERM_SIGNED_IN) == 0 ?
				    "Not allowed with this token: changing your own account needs the scope auth:write." :
				    arena_printf(r->arena, "Not allowed with this token: it needs %s in both the "
				    "user's role and the token's scopes.", rt->perm);
			return HE_FORBIDDEN;
		}
	}
	if (!req_is_safe_method(r->method) && !auth_csrf_ok(r)) {
		r->problem_detail = "The form expired or did not come from this site: reload the page and try again.";
		return HE_FORBIDDEN;
	}
	for (;;) {
		e = rt->handler(r);
		db_rollback(r);               /* a handler that failed mid-transaction */
		if (r->streamed)              /* sent as made: nothing can be retried or rendered */
			return HE_OK;
		if (e != HE_RETRY || r->retries >= 3)
			break;
		r->retries++;
		reset_answer(r);
	}
	return e == HE_RETRY ? HE_DB_DOWN : e;
}

void
app_handle(const struct app *app, struct request *r, char *const *envp, req_read_fn rd, void *ctx)
{
	r->t_start = log_now_ms();
	r->family = app->family;
	enum herr e = req_parse(r, envp, rd, ctx, config_get("spool_dir", NULL));
	if (e == HE_OK) {
		method_override(r);
		e = dispatch(app, r);
	}
	if (r->format == FMT_HTML)
		auth_view_prepare(r);
	resp_render(r, e);
	if ((r->method == HM_GET || r->method == HM_HEAD) && r->status == 200 && !r->no_etag)
		resp_etag(r);
}

static char *
db_conninfo(const char *family)
{
	const char *base = config_get("database", "dbname=hearth");
	const char *user = config_get("db_user", NULL);
	char *s = malloc(strlen(base) + 128);
	if (s == NULL)
		return NULL;
	if (user != NULL)
		sprintf(s, "%s user=%s application_name=hearth-%s", base, user, family);
	else
		sprintf(s, "%s user=hearth_%s application_name=hearth-%s", base, family, family);
	return s;
}

/* --routes: the family's whole surface as JSON lines {method, pattern,
 * permission} (null: public; "no_csrf": true on a ROUTE_NO_CSRF route), the health check included, for the test
 * that no route forgets its permission (tests/unit/routes_check.sh).
 * Touches neither configuration nor database. */
static int
print_routes(const struct app *app)
{
	for (size_t i = 0; i <= app->nroutes; i++) {
		json_object *o = json_object_new_object();
		const struct route *rt = i < app->nroutes ? &app->routes[i] : NULL;
		char health[64];
		snprintf(health, sizeof(health), "/%s/healthz", app->family);
		json_object_object_add(o, "method", json_object_new_string(rt ? rt->method : "GET"));
		json_object_object_add(o, "pattern", json_object_new_string(rt ? rt->pattern : health));
		json_object_object_add(o, "permission", rt && rt->perm ? json_object_new_string(rt->perm) : NULL);
		if (rt && (rt->flags & ROUTE_NO_CSRF))   /* routes_check.sh keeps an allowlist of these */
			json_object_object_add(o, "no_csrf", json_object_new_boolean(1));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

int
app_main(const struct app *app, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--routes") == 0)
			return print_routes(app);
		else if (strcmp(argv[i], "--statements") == 0)
			return db_statements_main(argc, argv);
		else if (strcmp(argv[i], "--api") == 0)      /* the contract's input (lib/api.h) */
			return api_print(app->family, app->routes, app->nroutes, stdout, stderr);
	log_set_family(app->family);
	if (config_load_default() != 0)
		return 1;
	if (auth_init() != 0)
		return 1;
	if (view_init(config_get("templates", "templates")) != 0)
		return 1;
	kept_init(config_int("kept_results_seconds", 60));
	char *ci = db_conninfo(app->family);
	db_init(ci);               /* not fatal: requests answer 503 until it is up */
	free(ci);
	if (app->init != NULL && app->init() != 0)
		return 1;

	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);

	if (FCGX_Init() != 0)
		return 1;
	FCGX_Request fr;
	FCGX_InitRequest(&fr, 0, 0);
	struct arena *a = arena_new();
	log_info("worker ready");
	while (!app_stopping && FCGX_Accept_r(&fr) >= 0) {
		struct request r;
		req_init(&r, a);
		r.stream_fn = fcgx_write;
		r.stream_ctx = fr.out;
		app_handle(app, &r, fr.envp, fcgx_read, fr.in);
		resp_write(&r, fcgx_write, fr.out);
		FCGX_Finish_r(&fr);
		log_request(&r);
		req_cleanup(&r);
		arena_reset(a);
	}
	arena_free(a);
	auth_shutdown();
	db_close();
	view_shutdown();
	return 0;
}
