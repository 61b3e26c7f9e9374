<?cs
# auth/mail_list.cs: GET /auth/mail, admins only: the sent-mail log
# (sql/019), newest first. data.items: id, kind, to_address, to_name,
# subject, status, attempts, next_attempt_at, last_error, created_at,
# sent_at; data.next; data.status (the filter); data.server: host, port,
# security, from_address, from_name. The test form (POST /auth/mail/test)
# keeps form.to and form.subject with errors.* when refused.
?><?cs set:list.status = data.status ?><?cs def:mail_status(s) ?><?cs
 if:s == "sent" ?><?cs call:badge("Sent", "green") ?><?cs
 elif:s == "dead" ?><?cs call:badge("Dead", "red") ?><?cs
 elif:s == "retrying" ?><?cs call:badge("Retrying", "amber") ?><?cs
 else ?><?cs call:badge("Queued", "blue") ?><?cs /if ?><?cs /def ?><?cs
 call:page_header_open("Mail") ?>
 <p class="page-meta muted">Every message Hearth sends, in the order it was queued: sent by hearth-worker through your mail server, retried for a day when the server is away or busy.</p>
<?cs call:page_header_actions() ?><?cs call:button_link("Settings", "/auth/mail/settings", "secondary", "edit") ?><?cs call:button_link("Background work", "/auth/worker", "ghost", "inbox") ?><?cs call:page_header_close() ?>

<?cs if:!data.server.host || !data.server.from_address ?><div class="notice notice-warning" role="status"><?cs call:icon("alert") ?><div>
 <p class="notice-title">No mail server is set up</p>
 <p>Messages are queued and wait here until you <a href="/auth/mail/settings">set up a mail server</a>.</p>
</div></div>
<?cs /if ?>
<div class="detail-grid">
<div class="detail-main">
<form class="filters" method="get" action="/auth/mail" role="search" aria-label="Filter the mail log">
 <div class="filter<?cs if:errors.status ?> has-error<?cs /if ?>">
  <label for="f-status">Status</label>
  <span class="select"><select class="input" id="f-status" name="status">
   <?cs call:option("", "All", data.status) ?><?cs call:option("queued", "Queued", data.status) ?><?cs call:option("retrying", "Retrying", data.status) ?><?cs call:option("sent", "Sent", data.status) ?><?cs call:option("dead", "Dead", data.status) ?>
  </select></span>
<?cs if:errors.status ?>  <p class="field-error"><?cs var:errors.status ?></p>
<?cs /if ?> </div>
 <div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button></div>
</form>
<?cs call:card_open("Messages", "", "", "") ?>
<?cs if:subcount(data.items) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack">
  <thead>
   <tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Tries</th><th scope="col">Sent</th></tr>
  </thead>
  <tbody>
<?cs each:m = data.items ?>   <tr>
    <td class="cell-primary" data-label="Subject"><a href="/auth/mail/<?cs var:m.id ?>"><?cs var:m.subject ?></a><div class="cell-truncate muted" title="<?cs var:m.last_error ?>"><?cs if:m.last_error ?><?cs var:m.last_error ?><?cs else ?><?cs var:m.kind ?><?cs /if ?></div></td>
    <td data-label="To" class="cell-truncate"><?cs var:m.to_address ?></td>
    <td data-label="Status"><?cs call:mail_status(m.status) ?></td>
    <td data-label="Tries"><?cs var:m.attempts ?></td>
    <td data-label="Sent" class="cell-nowrap<?cs if:!m.sent_at ?> is-empty<?cs /if ?>"><?cs if:m.sent_at ?><?cs call:datetime(m.sent_at) ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs if:data.next || string.find(req.uri, "after=") >= 0 ?> <div class="card-body"><?cs call:pagination(data.next, list) ?></div>
<?cs /if ?><?cs elif:data.status ?> <div class="empty"><span class="empty-icon"><?cs call:icon("search") ?></span><p class="empty-title">No messages with this status</p><a class="btn btn-sm" href="/auth/mail">All messages</a></div>
<?cs else ?> <?cs call:empty_state("mail", "No mail yet", "Messages appear here once Hearth queues them: account notices, and your test messages.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>
</div>

<aside class="detail-side">
<?cs call:card_open("Mail server", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Server</dt><dd><?cs if:data.server.host ?><?cs var:data.server.host ?>:<?cs var:data.server.port ?><?cs else ?><span class="muted">not set</span><?cs /if ?></dd>
   <dt>Security</dt><dd><?cs if:data.server.security == "starttls" ?>STARTTLS<?cs elif:data.server.security == "tls" ?>TLS<?cs else ?>None (this machine)<?cs /if ?></dd>
   <dt>From</dt><dd><?cs if:data.server.from_address ?><?cs var:data.server.from_address ?><?cs else ?><span class="muted">not set</span><?cs /if ?></dd>
  </dl>
  <p><?cs call:button_link("Change the settings", "/auth/mail/settings", "secondary", "edit") ?></p>
 </div>
<?cs call:card_close() ?>
<?cs call:card_open("Send a test message", "", "", "") ?>
 <form class="card-body" method="post" action="/auth/mail/test" novalidate>
  <?cs call:error_summary() ?>
  <?cs call:csrf_field() ?>
  <?cs call:text_field("to", "To", "email", "email", "required", "") ?>
  <?cs call:text_field("subject", "Subject", "text", "off", "required", "") ?>
  <p><button type="submit" class="btn btn-primary"><?cs call:icon("mail") ?><span>Queue test message</span></button></p>
 </form>
<?cs call:card_close() ?>
</aside>
</div>
