<?cs
# communications/show.cs: GET /communications/:id. data.* is the
# communication (customer_id, contact_id, property_id, kind, direction,
# occurred_at, subject, body, user_id, archived_at, version, created_at,
# updated_at) plus customer_name, contact_name, property_name, user_name
# (who logged it) and kind_label.
?><?cs set:canedit = can.customers_write && !data.archived_at ?><?cs
 call:page_header_open(data.subject) ?>
 <div class="page-meta">
  <?cs if:data.kind == "site_visit" ?><?cs call:badge("Site visit", "accent") ?><?cs elif:data.kind == "call" ?><?cs call:badge("Call", "green") ?><?cs
   elif:data.kind == "email" ?><?cs call:badge("Email", "blue") ?><?cs elif:data.kind == "meeting" ?><?cs call:badge("Meeting", "violet") ?><?cs
   elif:data.kind == "note" ?><?cs call:badge("Note", "amber") ?><?cs else ?><?cs call:badge(data.kind_label, "neutral") ?><?cs /if ?>
  <?cs if:data.direction == "inbound" ?><span class="badge badge-neutral"><?cs call:icon("inbound") ?>Inbound</span><?cs
   elif:data.direction == "outbound" ?><span class="badge badge-neutral"><?cs call:icon("outbound") ?>Outbound</span><?cs
   else ?><span class="badge badge-neutral">Internal</span><?cs /if ?>
<?cs if:data.archived_at ?>  <?cs call:badge("Archived", "amber") ?>
<?cs /if ?>  <span class="muted"><?cs call:datetime(data.occurred_at) ?> · <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></span>
 </div>
<?cs call:page_header_actions() ?><?cs
 if:canedit ?><?cs
  call:button_link("Edit", "/communications/" + data.id + "/edit", "secondary", "edit") ?><?cs
  call:post_button("/communications/" + data.id, "DELETE", "Archive", "danger", "archive", "Archive this entry? It leaves the timeline; its history stays and you can restore it later.") ?><?cs
 elif:can.customers_write ?><?cs
  call:post_button("/communications/" + data.id + "/restore", "", "Restore", "secondary", "restore", "") ?><?cs
 /if ?><?cs
 call:page_header_close() ?>

<?cs if:data.archived_at ?><div class="notice notice-warning" role="status"><?cs call:icon("archive") ?><div><p class="notice-title">Archived on <?cs call:date(data.archived_at) ?></p><p>This entry is hidden from the timeline.<?cs if:can.customers_write ?> Restore it to bring it back.<?cs /if ?></p></div></div>
<?cs /if ?>
<div class="detail-grid">
<div class="detail-main">
<?cs call:card_open(data.kind_label, "", "", "") ?>
 <div class="card-body">
<?cs if:data.body ?>  <p class="notes"><?cs var:data.body ?></p>
<?cs else ?>  <p class="muted">No text: the subject says it all.</p>
<?cs /if ?> </div>
<?cs call:card_close() ?>
</div>

<aside class="detail-side">
<?cs call:card_open("Details", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Kind</dt><dd><?cs var:data.kind_label ?></dd>
   <dt>Direction</dt><dd><?cs if:data.direction == "inbound" ?>Inbound (they reached us)<?cs elif:data.direction == "outbound" ?>Outbound (we reached them)<?cs else ?>Internal<?cs /if ?></dd>
   <dt>When</dt><dd><?cs call:datetime(data.occurred_at) ?></dd>
   <dt>Customer</dt><dd><a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></dd>
   <dt>Contact</dt><dd><?cs if:data.contact_id ?><a href="/contacts/<?cs var:data.contact_id ?>"><?cs var:data.contact_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Property</dt><dd><?cs if:data.property_id ?><a href="/properties/<?cs var:data.property_id ?>"><?cs var:data.property_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <?cs call:dl_item("Logged by", data.user_name) ?>
   <dt>Logged</dt><dd><?cs call:datetime(data.created_at) ?></dd>
<?cs if:data.updated_at != data.created_at ?>   <dt>Last updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
<?cs /if ?>  </dl>
 </div>
 <footer class="card-footer"><a href="/customers/<?cs var:data.customer_id ?>/communications">All communications with <?cs var:data.customer_name ?><?cs call:icon("chevron-right") ?></a></footer>
<?cs call:card_close() ?>
</aside>
</div>
