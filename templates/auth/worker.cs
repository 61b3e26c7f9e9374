<?cs
# auth/worker.cs: GET /auth/worker, admins only: what hearth-worker does
# (sql/015-017). data.queue: pending, due, oldest_pending_at, dead;
# data.dead: id, event, entity_id, created_at, attempts, last_error,
# dead_at (the 50 newest set aside); data.consumers: name, event_pattern,
# handler, enabled; data.jobs: name, every_seconds, handler, enabled,
# next_run_at, runs, last_started_at, last_duration_ms, last_ok_at,
# last_error.
?><?cs call:page_header_open("Background work") ?>
 <p class="page-meta muted">Events carried to the consumers that react to them, and the timed jobs, run by hearth-worker.</p>
<?cs call:page_header_actions() ?><?cs call:button_link("Webhooks", "/auth/webhooks", "ghost", "outbound") ?><?cs call:button_link("Audit log", "/auth/audit", "ghost", "clock") ?><?cs call:page_header_close() ?>

<div class="detail-grid">
<div class="detail-main">
<?cs call:card_open("Set aside", data.queue.dead, "", "") ?>
<?cs if:subcount(data.dead) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack">
  <thead>
   <tr><th scope="col">Event</th><th scope="col">Tries</th><th scope="col">Last error</th><th scope="col">Set aside</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
  </thead>
  <tbody>
<?cs each:e = data.dead ?>   <tr>
    <td class="cell-primary" data-label="Event"><code><?cs var:e.event ?></code> <span class="muted">#<?cs var:e.id ?></span></td>
    <td data-label="Tries"><?cs var:e.attempts ?></td>
    <td data-label="Last error" class="cell-truncate" title="<?cs var:e.last_error ?>"><?cs var:e.last_error ?></td>
    <td data-label="Set aside" class="cell-nowrap"><?cs call:datetime(e.dead_at) ?></td>
    <td data-label="Actions"><?cs call:post_button("/auth/worker/events/" + e.id + "/retry", "POST", "Retry", "sm", "restore", "") ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?><?cs call:empty_state("check", "Nothing set aside", "An event whose consumer keeps failing is set aside here after 12 tries, with its error, to be retried.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>

<?cs call:card_open("Timed jobs", subcount(data.jobs), "", "") ?>
<?cs if:subcount(data.jobs) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack">
  <thead>
   <tr><th scope="col">Job</th><th scope="col">Every</th><th scope="col">Last run</th><th scope="col">Took</th><th scope="col">Result</th><th scope="col">Next run</th></tr>
  </thead>
  <tbody>
<?cs each:j = data.jobs ?>   <tr<?cs if:j.enabled != "1" ?> class="is-archived"<?cs /if ?>>
    <td class="cell-primary" data-label="Job"><code><?cs var:j.name ?></code><?cs if:j.enabled != "1" ?> <?cs call:badge("Off", "amber") ?><?cs /if ?></td>
    <td data-label="Every" class="cell-nowrap"><?cs if:#j.every_seconds % 3600 == 0 ?><?cs var:#j.every_seconds / 3600 ?> h<?cs elif:#j.every_seconds % 60 == 0 ?><?cs var:#j.every_seconds / 60 ?> min<?cs else ?><?cs var:j.every_seconds ?> s<?cs /if ?></td>
    <td data-label="Last run" class="cell-nowrap"><?cs if:j.last_started_at ?><?cs call:datetime(j.last_started_at) ?><?cs else ?><span class="muted">Never</span><?cs /if ?></td>
    <td data-label="Took" class="cell-nowrap"><?cs if:j.last_started_at ?><?cs var:j.last_duration_ms ?> ms<?cs /if ?></td>
    <td data-label="Result"><?cs if:j.last_error ?><?cs call:badge("Failed", "red") ?> <span class="muted"><?cs var:j.last_error ?></span><?cs elif:j.last_ok_at ?><?cs call:badge("OK", "green") ?><?cs /if ?></td>
    <td data-label="Next run" class="cell-nowrap"><?cs call:datetime(j.next_run_at) ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?><?cs call:empty_state("clock", "No timed jobs", "Families register their timed jobs (reminders, clean-ups) as they are built.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>
</div>

<aside class="detail-side">
<?cs call:card_open("Queue", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Waiting</dt><dd><?cs var:data.queue.pending ?><?cs if:data.queue.pending != data.queue.due ?> <span class="muted">(<?cs var:data.queue.due ?> due now)</span><?cs /if ?></dd>
   <dt>Oldest waiting</dt><dd><?cs if:data.queue.oldest_pending_at ?><?cs call:datetime(data.queue.oldest_pending_at) ?><?cs else ?><span class="muted">none</span><?cs /if ?></dd>
   <dt>Set aside</dt><dd><?cs var:data.queue.dead ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>
<?cs call:card_open("Consumers", subcount(data.consumers), "", "") ?>
<?cs if:subcount(data.consumers) ?> <ul class="card-list">
<?cs each:c = data.consumers ?>  <li class="row-item"><div class="row-main"><p class="row-title"><code><?cs var:c.name ?></code><?cs if:c.enabled != "1" ?> <?cs call:badge("Off", "amber") ?><?cs /if ?></p><p class="row-sub muted"><?cs var:c.event_pattern ?> → <?cs var:c.handler ?></p></div></li>
<?cs /each ?> </ul>
<?cs else ?> <div class="card-body"><p class="muted">No family reacts to events yet.</p></div>
<?cs /if ?><?cs call:card_close() ?>
</aside>
</div>
