<?cs
# auth/webhooks_show.cs: GET /auth/webhooks/:id (and PATCH refused), admins
# only. data.*: the subscription (id, url, description, events,
# secret_hint, active, disabled_at, disabled_reason, consecutive_failures,
# dead_streak, last_success_at, last_failure_at, version, created_at,
# updated_at); data.deliveries: items (id, event_id, event_type, status,
# attempts, next_attempt_at, last_status, last_error, last_ms,
# last_attempt_at, delivered_at, dead_at, created_at), next;
# data.choices (webhooks_events.cs); form.*, errors.*; page.conflict.
?><?cs call:page_header_open("Webhook") ?>
 <p class="page-meta muted cell-truncate"><?cs var:data.url ?></p>
<?cs call:page_header_actions() ?><?cs
 call:post_button("/auth/webhooks/" + data.id + "/ping", "POST", "Send a test event", "sm", "outbound", "") ?><?cs
 call:post_button("/auth/webhooks/" + data.id + "/secret", "POST", "Rotate secret", "ghost sm", "key", "Make a new signing secret? The current one stops signing at once: update the receiver right after.") ?><?cs
 call:post_button("/auth/webhooks/" + data.id, "DELETE", "Delete", "danger sm", "x", "Delete this webhook with its delivery log? Events stop going to it at once.") ?><?cs
 call:page_header_close() ?>

<?cs if:data.disabled_at ?><div class="notice notice-error" role="alert"><?cs call:icon("ban") ?><div>
 <p class="notice-title">Hearth switched this webhook off <?cs call:datetime(data.disabled_at) ?></p>
 <p><?cs var:data.disabled_reason ?> Fix the receiver, then tick Active and save: the deliveries still waiting go out again, in order.</p>
</div></div>
<?cs elif:data.active != "1" ?><div class="notice notice-warning" role="status"><?cs call:icon("info") ?><div>
 <p class="notice-title">This webhook is off</p>
 <p>No new event is queued for it. Tick Active and save to switch it on.</p>
</div></div>
<?cs elif:#data.consecutive_failures > 0 ?><div class="notice notice-warning" role="status"><?cs call:icon("alert") ?><div>
 <p class="notice-title">The receiver is failing: <?cs var:data.consecutive_failures ?> failed attempts in a row</p>
 <p>Each delivery is tried 12 times over about 22 hours, then set aside (dead). After 3 dead deliveries in a row Hearth switches the webhook off.</p>
</div></div>
<?cs /if ?>

<div class="form-stack">
<?cs call:card_open("Deliveries", "", "", "") ?>
<?cs if:subcount(data.deliveries.items) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack">
  <thead>
   <tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Response</th><th scope="col">Tries</th><th scope="col">When</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
  </thead>
  <tbody>
<?cs each:d = data.deliveries.items ?>   <tr>
    <td class="cell-primary" data-label="Event"><a href="/auth/webhooks/<?cs var:data.id ?>/deliveries/<?cs var:d.id ?>"><code><?cs var:d.event_type ?></code></a> <span class="muted">#<?cs var:d.id ?></span></td>
    <td data-label="Status"><?cs if:d.status == "delivered" ?><?cs call:badge("Delivered", "green") ?><?cs
 elif:d.status == "dead" ?><?cs call:badge("Dead", "red") ?><?cs
 elif:d.status == "retrying" ?><?cs call:badge("Retrying", "amber") ?><?cs
 else ?><?cs call:badge("Pending", "neutral") ?><?cs /if ?></td>
    <td data-label="Response" class="cell-truncate"><?cs if:d.last_status ?><code><?cs var:d.last_status ?></code><?cs /if ?><?cs if:d.last_ms ?> <span class="muted"><?cs var:d.last_ms ?> ms</span><?cs /if ?><?cs if:d.last_error && d.status != "delivered" && d.last_error != "HTTP " + d.last_status ?> <span class="muted" title="<?cs var:d.last_error ?>"><?cs var:d.last_error ?></span><?cs /if ?></td>
    <td data-label="Tries"><?cs var:d.attempts ?></td>
    <td data-label="When" class="cell-nowrap"><?cs if:d.status == "retrying" ?>next <?cs call:datetime(d.next_attempt_at) ?><?cs elif:d.last_attempt_at ?><?cs call:datetime(d.last_attempt_at) ?><?cs else ?><?cs call:datetime(d.created_at) ?><?cs /if ?></td>
    <td data-label="Actions"><?cs if:d.status != "pending" ?><?cs call:post_button("/auth/webhooks/" + data.id + "/deliveries/" + d.id + "/replay", "POST", "Replay", "sm", "restore", "") ?><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.deliveries.next, list) ?>
<?cs else ?><?cs call:empty_state("inbox", "No deliveries yet", "Each event this webhook hears of shows here with its response. Send a test event to try the receiver.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>

<?cs call:conflict_notice("webhook") ?><?cs set:error_labels.url = "URL" ?><?cs set:error_labels.description = "Description" ?><?cs set:error_labels.events = "Event types" ?><?cs call:error_summary() ?>
<form class="form" method="post" action="/auth/webhooks/<?cs var:data.id ?>" novalidate>
 <?cs call:csrf_field() ?><?cs call:method_field("PATCH") ?>
 <?cs if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Settings</h2>
   <dl class="facts">
    <dt>Secret</dt><dd><code>whsec_…<?cs var:data.secret_hint ?></code></dd>
    <dt>Last success</dt><dd><?cs if:data.last_success_at ?><?cs call:datetime(data.last_success_at) ?><?cs else ?><span class="muted">Never</span><?cs /if ?></dd>
    <dt>Last failure</dt><dd><?cs if:data.last_failure_at ?><?cs call:datetime(data.last_failure_at) ?><?cs else ?><span class="muted">Never</span><?cs /if ?></dd>
    <dt>Created</dt><dd><?cs call:datetime(data.created_at) ?></dd>
   </dl>
  </div>
  <div class="form-grid">
   <?cs call:text_field("url", "URL", "url", "off", "required full", "") ?>
   <?cs call:text_field("description", "Description", "text", "off", "full", "") ?>
   <?cs call:checkbox_field("active", "Active (send events)", "full", "") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head">
   <h2 id="events-title">Event types</h2>
   <p class="muted" id="f-events-hint">A family's “*” takes its future event types too.</p>
  </div>
  <?cs include:"auth/webhooks_events.cs" ?>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary">Save changes</button>
 </div>
</form>
</div>
