<?cs
# auth/webhooks_list.cs: GET /auth/webhooks (and POST refused with field
# errors), admins only. data.items: id, url, description, events,
# secret_hint, active, disabled_at, disabled_reason, consecutive_failures,
# dead_streak, last_success_at, last_failure_at, version, created_at,
# updated_at; data.next; data.choices (webhooks_events.cs);
# data.allow_private ("1" in the dev stack); form.url, form.description,
# form.active; errors.*.
?><?cs call:page_header_open("Webhooks") ?>
 <p class="page-meta muted">Hearth POSTs each event to the URLs subscribed to it, signed with the subscription's secret. See <a href="/api/webhooks">the webhooks guide</a> for the payload and how to check the signature.</p>
<?cs call:page_header_actions() ?><?cs call:button_link("Background work", "/auth/worker", "ghost", "inbox") ?><?cs call:page_header_close() ?>

<div class="form-stack">
<?cs call:card_open("Subscriptions", subcount(data.items), "", "") ?>
<?cs if:subcount(data.items) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack">
  <thead>
   <tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Last success</th><th scope="col">Failures</th><th scope="col">Created</th></tr>
  </thead>
  <tbody>
<?cs each:s = data.items ?>   <tr<?cs if:s.active != "1" ?> class="is-archived"<?cs /if ?>>
    <td class="cell-primary cell-truncate" data-label="URL"><a href="/auth/webhooks/<?cs var:s.id ?>"><?cs var:s.url ?></a><?cs
 if:s.disabled_at ?> <?cs call:badge("Disabled", "red") ?><?cs elif:s.active != "1" ?> <?cs call:badge("Off", "amber") ?><?cs /if ?><?cs
 if:s.description ?><br><span class="muted"><?cs var:s.description ?></span><?cs /if ?></td>
    <td data-label="Events" class="cell-tags"><?cs call:tag_list(s.events, "") ?></td>
    <td data-label="Last success" class="cell-nowrap"><?cs if:s.last_success_at ?><?cs call:datetime(s.last_success_at) ?><?cs else ?><span class="muted">Never</span><?cs /if ?></td>
    <td data-label="Failures"><?cs if:#s.consecutive_failures > 0 ?><?cs call:badge(s.consecutive_failures + " in a row", "amber") ?><?cs else ?><span class="muted">0</span><?cs /if ?></td>
    <td data-label="Created" class="cell-nowrap muted"><?cs call:date(s.created_at) ?></td>
   </tr>
<?cs if:s.disabled_at ?>   <tr class="is-archived"><td colspan="5" data-label="Notice"><span class="muted"><?cs var:s.disabled_reason ?></span></td></tr>
<?cs /if ?><?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs else ?><?cs call:empty_state("outbound", "No webhooks yet", "Subscribe a URL below: your accounting, monitoring or website then hears of changes as they happen.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>

<?cs set:error_labels.url = "URL" ?><?cs set:error_labels.description = "Description" ?><?cs set:error_labels.events = "Event types" ?><?cs call:error_summary() ?>
<form class="form" method="post" action="/auth/webhooks" novalidate>
 <?cs call:csrf_field() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2 id="new">Add a webhook</h2>
   <p class="muted">The signing secret is shown once, right after you add it. Only public http(s) addresses<?cs if:data.allow_private == "1" ?> (this stack also allows private and loopback ones: a development setting)<?cs /if ?>.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("url", "URL", "url", "off", "required full", "Where Hearth POSTs the events, e.g. https://example.com/hooks/hearth.") ?>
   <?cs call:text_field("description", "Description", "text", "off", "full", "What receives them, e.g. “accounting sync”.") ?>
   <?cs call:checkbox_field("active", "Active (send events now)", "full", "") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head">
   <h2 id="events-title">Event types</h2>
   <p class="muted" id="f-events-hint">What it hears of. A family's “*” takes its future event types too.</p>
  </div>
  <?cs include:"auth/webhooks_events.cs" ?>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs call:icon("plus") ?><span>Add webhook</span></button>
 </div>
</form>
</div>
