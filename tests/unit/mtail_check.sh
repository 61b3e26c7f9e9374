#!/bin/sh
# The metrics programs (tools/mtail/*.mtail): mtail's own compiler accepts
# them, and the lines each program reads become the metrics docs/metrics.md
# promises: mtail reads sample lines of every shape once (-one_shot) and
# prints what it counted. The shapes are those lib/log.c, nginx's
# hearth_json format and tools/hearth-worker.c write, including the webhook
# and mail attempts; a line of another shape counts nowhere.
src="${HEARTH_SRCDIR:-.}"
progs="$src/tools/mtail"
command -v mtail >/dev/null || { echo "mtail_check: mtail is not installed (PACKAGES in tools/hearth)" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "mtail_check: $1" >&2; status=1; }

mtail -progs "$progs" -compile_only -logtostderr >"$tmp/compile.log" 2>&1 ||
	{ cat "$tmp/compile.log" >&2; fail "tools/mtail does not compile"; exit 1; }

cat >"$tmp/customers.log" <<'LINES'
{"time":"2026-12-03T10:00:00.000Z","level":"info","family":"customers","msg":"worker ready"}
{"time":"2026-12-03T10:00:01.000Z","level":"info","family":"customers","request_id":"a1","user":3,"method":"GET","path":"/customers/12","route":"/customers/:id","status":200,"ms":12.50,"db_ms":4.00,"db_queries":2}
{"time":"2026-12-03T10:00:02.000Z","level":"info","family":"customers","request_id":"a2","user":3,"method":"GET","path":"/customers/13","route":"/customers/:id","status":200,"ms":3.00,"db_ms":1.00,"db_queries":1}
{"time":"2026-12-03T10:00:03.000Z","level":"info","family":"customers","request_id":"a3","user":3,"method":"PATCH","path":"/customers/13","route":"/customers/:id","status":409,"ms":7.25,"db_ms":2.00,"db_queries":3,"retries":1}
{"time":"2026-12-03T10:00:04.000Z","level":"info","family":"customers","request_id":"a4","user":0,"method":"BREW","path":"/customers/\"x\\y","route":"","status":404,"ms":0.50,"db_ms":0.00,"db_queries":0}
{"time":"2026-12-03T10:00:05.000Z","level":"error","family":"customers","request_id":"a5","msg":"query failed: timeout"}
LINES
cat >"$tmp/access.log" <<'LINES'
{"time":"2026-12-03T10:00:01+00:00","request_id":"a1","remote":"127.0.0.1","method":"GET","uri":"/customers/12","status":200,"bytes":1946,"request_time":0.013,"upstream_time":"0.013","referer":"","user_agent":"curl/7.88.1"}
{"time":"2026-12-03T10:00:06+00:00","request_id":"a6","remote":"127.0.0.1","method":"GET","uri":"/customers","status":502,"bytes":120,"request_time":0.001,"upstream_time":"0.001","referer":"","user_agent":"curl/7.88.1"}
LINES
cat >"$tmp/worker.log" <<'LINES'
{"time":1796300000,"program":"hearth-worker","level":"info","msg":"started"}
{"time":1796300001,"program":"hearth-worker","level":"info","msg":"queue","waiting":7,"due":5,"oldest_seconds":42.500,"dead":1}
{"time":1796300002,"program":"hearth-worker","level":"info","msg":"batch: 5 events in 2.0 ms"}
{"time":1796300003,"program":"hearth-worker","level":"info","msg":"queue","waiting":2,"due":0,"oldest_seconds":3.250,"dead":1}
{"time":1796300004,"program":"hearth-worker","level":"info","msg":"job","job":"customers.refresh","outcome":"ok","ms":150.000}
{"time":1796300005,"program":"hearth-worker","level":"warn","msg":"job","job":"customers.refresh","outcome":"error","ms":2.500}
{"time":1796300006,"program":"hearth-worker","level":"info","msg":"webhook","outcome":"delivered","subscription":3,"delivery":91,"status":200,"ms":35.2}
{"time":1796300007,"program":"hearth-worker","level":"warn","msg":"webhook","outcome":"retry","subscription":3,"delivery":92,"status":500,"ms":12.0}
{"time":1796300008,"program":"hearth-worker","level":"warn","msg":"webhook","outcome":"dead","subscription":4,"delivery":93,"status":0,"ms":10000.0}
{"time":1796300009,"program":"hearth-worker","level":"info","msg":"mail","outcome":"sent","message":17,"ms":80.5}
{"time":1796300010,"program":"hearth-worker","level":"warn","msg":"mail","outcome":"retry","message":18,"ms":5000}
{"time":1796300011,"program":"hearth-worker","level":"error","msg":"database not reachable: connection refused"}
LINES

mtail -progs "$progs" -one_shot -one_shot_format=prometheus -emit_prog_label=false -logtostderr \
	-logs "$tmp/customers.log,$tmp/access.log,$tmp/worker.log" >"$tmp/metrics" 2>"$tmp/mtail.log" ||
	{ cat "$tmp/mtail.log" >&2; fail "mtail -one_shot failed"; exit 1; }

# Each line must be in the output exactly.
expect() {
	grep -qxF "$1" "$tmp/metrics" || fail "missing: $1"
}
expect 'hearth_http_requests_total{family="customers",method="GET",route="/customers/:id",status_class="2xx"} 2'
expect 'hearth_http_requests_total{family="customers",method="PATCH",route="/customers/:id",status_class="4xx"} 1'
expect 'hearth_http_requests_total{family="customers",method="other",route="",status_class="4xx"} 1'
expect 'hearth_http_request_duration_seconds_count{family="customers",method="GET",route="/customers/:id"} 2'
expect 'hearth_http_request_duration_seconds_bucket{family="customers",method="GET",route="/customers/:id",le="0.005"} 1'
expect 'hearth_http_request_duration_seconds_bucket{family="customers",method="GET",route="/customers/:id",le="0.025"} 2'
expect 'hearth_db_duration_seconds_count{family="customers",route="/customers/:id"} 3'
expect 'hearth_db_duration_seconds_sum{family="customers",route="/customers/:id"} 0.007'
expect 'hearth_db_queries_total{family="customers",route="/customers/:id"} 6'
expect 'hearth_http_log_errors_total{family="customers"} 1'
expect 'hearth_nginx_requests_total{status_class="2xx"} 1'
expect 'hearth_nginx_requests_total{status_class="5xx"} 1'
expect 'hearth_nginx_request_duration_seconds_count 2'
expect 'hearth_worker_starts_total 1'
expect 'hearth_worker_queue_waiting 2'
expect 'hearth_worker_queue_due 0'
expect 'hearth_worker_queue_oldest_seconds 3.25'
expect 'hearth_worker_queue_dead 1'
expect 'hearth_worker_queue_reported_timestamp_seconds 1.796300003e+09'
expect 'hearth_worker_events_total 5'
expect 'hearth_worker_batches_total 1'
expect 'hearth_worker_errors_total 1'
expect 'hearth_job_runs_total{job="customers.refresh",outcome="ok"} 1'
expect 'hearth_job_runs_total{job="customers.refresh",outcome="error"} 1'
expect 'hearth_job_duration_seconds_count{job="customers.refresh"} 2'
expect 'hearth_job_last_run_timestamp_seconds{job="customers.refresh"} 1.796300005e+09'
expect 'hearth_webhook_deliveries_total{outcome="delivered"} 1'
expect 'hearth_webhook_deliveries_total{outcome="retry"} 1'
expect 'hearth_webhook_deliveries_total{outcome="dead"} 1'
expect 'hearth_webhook_delivery_duration_seconds_count 3'
expect 'hearth_webhook_delivery_duration_seconds_bucket{le="0.05"} 2'
expect 'hearth_mail_messages_total{outcome="sent"} 1'
expect 'hearth_mail_messages_total{outcome="retry"} 1'
expect 'hearth_mail_send_duration_seconds_count 2'
# Raw paths never become labels (cardinality).
if grep -q '/customers/1[23]' "$tmp/metrics"; then
	fail "a raw path became a label"
fi
[ $status -eq 0 ] || { echo "--- what mtail counted:" >&2; grep -v '^#' "$tmp/metrics" >&2; }
exit $status
