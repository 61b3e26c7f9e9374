<?cs
# auth/webhooks_delivery.cs: GET /auth/webhooks/:id/deliveries/:did, admins
# only. data.*: id, subscription_id, event_id, event_type, status,
# attempts, next_attempt_at, last_status, last_error, last_ms,
# last_attempt_at, delivered_at, dead_at, created_at, url; data.attempts_log:
# id, at, status, ms, error, response_body, worker (newest first).
?><?cs call:page_header_open("Delivery " + data.id) ?>
 <p class="page-meta muted"><code><?cs var:data.event_type ?></code> (event #<?cs var:data.event_id ?>) to <?cs var:data.url ?></p>
<?cs call:page_header_actions() ?><?cs
 call:post_button("/auth/webhooks/" + data.subscription_id + "/deliveries/" + data.id + "/replay", "POST", "Replay", "sm", "restore", "") ?><?cs
 call:page_header_close() ?>
<div class="form-stack">
<?cs call:card_open("Status", "", "", "") ?>
 <div class="card-body">
 <dl class="facts">
  <dt>Status</dt><dd><?cs if:data.status == "delivered" ?><?cs call:badge("Delivered", "green") ?><?cs
 elif:data.status == "dead" ?><?cs call:badge("Dead", "red") ?><?cs
 elif:data.status == "retrying" ?><?cs call:badge("Retrying", "amber") ?><?cs
 else ?><?cs call:badge("Pending", "neutral") ?><?cs /if ?></dd>
  <dt>Tries</dt><dd><?cs var:data.attempts ?> of 12</dd>
<?cs if:data.status == "retrying" || data.status == "pending" ?>  <dt>Next try</dt><dd><?cs call:datetime(data.next_attempt_at) ?></dd>
<?cs /if ?><?cs if:data.delivered_at ?>  <dt>Delivered</dt><dd><?cs call:datetime(data.delivered_at) ?></dd>
<?cs /if ?><?cs if:data.dead_at ?>  <dt>Dead since</dt><dd><?cs call:datetime(data.dead_at) ?></dd>
<?cs /if ?>  <dt>Queued</dt><dd><?cs call:datetime(data.created_at) ?></dd>
 </dl>
 </div>
<?cs call:card_close() ?>
<?cs call:card_open("Attempts", subcount(data.attempts_log), "", "") ?>
<?cs if:subcount(data.attempts_log) ?> <ul class="card-list">
<?cs each:a = data.attempts_log ?>  <li class="row-item"><div class="row-main">
   <p class="row-title"><?cs if:a.status ?><code><?cs var:a.status ?></code><?cs else ?><?cs call:badge("No response", "red") ?><?cs /if ?> <span class="muted"><?cs var:a.ms ?> ms · <?cs call:datetime(a.at) ?></span></p>
<?cs if:a.error ?>   <p class="row-sub"><?cs var:a.error ?></p>
<?cs /if ?><?cs if:a.response_body ?>   <pre><code><?cs var:a.response_body ?></code></pre>
<?cs /if ?>  </div></li>
<?cs /each ?> </ul>
<?cs else ?> <div class="card-body"><p class="muted">Not tried yet.</p></div>
<?cs /if ?><?cs call:card_close() ?>
</div>
