<?cs
# auth/mail_show.cs: GET /auth/mail/:id. data.*: id, kind, to_address,
# to_name, subject, status, attempts, next_attempt_at, last_error,
# smtp_reply, message_id, created_at, give_up_at, sent_at, created_by,
# created_by_name, entity, entity_id, body_text, body_html. Both parts are
# shown as text: the HTML part as escaped source, never rendered.
?><?cs call:page_header_open(data.subject) ?>
 <div class="page-meta"><?cs if:data.status == "sent" ?><?cs call:badge("Sent", "green") ?><?cs elif:data.status == "dead" ?><?cs call:badge("Dead", "red") ?><?cs elif:data.status == "retrying" ?><?cs call:badge("Retrying", "amber") ?><?cs else ?><?cs call:badge("Queued", "blue") ?><?cs /if ?> <span class="muted">to <?cs var:data.to_address ?></span></div>
<?cs call:page_header_actions() ?><?cs
 if:data.status == "dead" || data.status == "retrying" ?><?cs call:post_button("/auth/mail/" + data.id + "/retry", "POST", "Retry now", "", "restore", "") ?><?cs /if ?><?cs
 call:button_link("Mail", "/auth/mail", "ghost", "") ?><?cs call:page_header_close() ?>

<div class="detail-grid">
<div class="detail-main">
<?cs if:data.last_error ?><div class="notice notice-<?cs if:data.status == "dead" ?>error<?cs else ?>warning<?cs /if ?>" role="status"><?cs call:icon("alert") ?><div>
 <p class="notice-title"><?cs if:data.status == "dead" ?>Not delivered: the server refused it<?cs else ?>Not sent yet: it will be tried again<?cs /if ?></p>
 <p><?cs var:data.last_error ?></p>
</div></div>
<?cs /if ?><?cs call:card_open("Text part", "", "", "") ?>
 <div class="card-body"><pre class="notes"><?cs var:data.body_text ?></pre></div>
<?cs call:card_close() ?>
<?cs call:card_open("HTML part (source)", "", "", "") ?>
 <div class="card-body"><pre class="notes"><?cs var:data.body_html ?></pre></div>
<?cs call:card_close() ?>
</div>

<aside class="detail-side">
<?cs call:card_open("Message", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>To</dt><dd><?cs if:data.to_name ?><?cs var:data.to_name ?><br><?cs /if ?><?cs var:data.to_address ?></dd>
   <dt>Kind</dt><dd><code><?cs var:data.kind ?></code></dd>
   <dt>Queued</dt><dd><?cs call:datetime(data.created_at) ?></dd>
   <dt>By</dt><dd><?cs if:data.created_by_name ?><?cs var:data.created_by_name ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Tries</dt><dd><?cs var:data.attempts ?></dd>
<?cs if:data.status == "queued" || data.status == "retrying" ?>   <dt>Next try</dt><dd><?cs call:datetime(data.next_attempt_at) ?></dd>
   <dt>Gives up</dt><dd><?cs call:datetime(data.give_up_at) ?></dd>
<?cs /if ?>   <dt>Sent</dt><dd><?cs if:data.sent_at ?><?cs call:datetime(data.sent_at) ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Server said</dt><dd><?cs if:data.smtp_reply ?><code><?cs var:data.smtp_reply ?></code><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Message-ID</dt><dd><code class="cell-truncate" title="<?cs var:data.message_id ?>"><?cs var:data.message_id ?></code></dd>
  </dl>
 </div>
<?cs call:card_close() ?>
</aside>
</div>
