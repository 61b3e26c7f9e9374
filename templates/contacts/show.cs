<?cs
# contacts/show.cs: GET /contacts/:id. data.* is the contact
# (customer_id, customer_name, name, title, email, phone, preferred_channel,
# do_not_contact, best_time, is_primary, notes, archived_at, version, ...)
# plus data.communications (latest 10 with this contact).
# Do-not-contact contacts show a warning first and their email and phone
# as text, not as links, so nobody writes or dials by accident.
?><?cs
 set:dnc = data.do_not_contact == "1" ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta">
  <?cs if:data.title ?><span><?cs var:data.title ?></span><?cs /if ?>
  <span class="muted">at <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></span>
  <?cs if:data.is_primary == "1" ?><span class="badge badge-accent"><?cs call:icon("star") ?>Primary contact</span><?cs /if ?>
  <?cs if:dnc ?><span class="badge badge-red"><?cs call:icon("ban") ?>Do not contact</span><?cs /if ?>
  <?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?>
 </div>
<?cs call:page_header_actions() ?><?cs call:show_actions("/contacts/" + data.id, "Archive this contact? It disappears from lists; you can restore it later.") ?><?cs call:page_header_close() ?>

<?cs if:dnc ?><div class="notice notice-error" role="alert"><?cs call:icon("ban") ?><div>
 <p class="notice-title">Do not contact <?cs var:data.name ?></p>
 <p>They asked not to be contacted. Do not call, email or text them; reach <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a> through another contact.</p>
</div></div>
<?cs /if ?><?cs if:data.archived_at ?><div class="notice notice-warning" role="status"><?cs call:icon("archive") ?><div><p class="notice-title">Archived on <?cs call:date(data.archived_at) ?></p><p>This contact is hidden from lists and from the customer's page.<?cs if:can.customers_write ?> Restore it to work with it again.<?cs /if ?></p></div></div>
<?cs /if ?>
<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("How to reach them", "", "", "") ?>
 <div class="card-body">
  <ul class="quick">
   <li><?cs call:icon("mail") ?><?cs if:data.email && !dnc ?><a href="mailto:<?cs var:data.email ?>"><?cs var:data.email ?></a><?cs
    elif:data.email ?><span><?cs var:data.email ?></span><?cs else ?><span class="muted">No email</span><?cs /if ?></li>
   <li><?cs call:icon("phone") ?><?cs if:data.phone && !dnc ?><a href="tel:<?cs var:data.phone ?>"><?cs var:data.phone ?></a><?cs
    elif:data.phone ?><span><?cs var:data.phone ?></span><?cs else ?><span class="muted">No phone</span><?cs /if ?></li>
<?cs if:data.phone && !dnc ?>   <li><?cs call:icon("sms") ?><a href="sms:<?cs var:data.phone ?>">Send a text</a></li>
<?cs /if ?>  </ul>
  <dl class="facts">
   <dt>Prefers</dt><dd><?cs if:dnc ?><span class="muted">No contact</span><?cs else ?><?cs var:labels.channel[data.preferred_channel] ?><?cs /if ?></dd>
   <?cs call:dl_item("Best time", data.best_time) ?>
  </dl>
<?cs if:!dnc && ((data.preferred_channel == "email" && !data.email) || ((data.preferred_channel == "phone" || data.preferred_channel == "sms") && !data.phone)) ?>  <p class="notice notice-info"><?cs call:icon("info") ?><span>They prefer <?cs var:labels.channel[data.preferred_channel] ?>, but no <?cs if:data.preferred_channel == "email" ?>email address<?cs else ?>phone number<?cs /if ?> is on file.</span></p>
<?cs /if ?> </div>
<?cs call:card_close() ?>

<?cs call:card_open("Details", "", "", "") ?>
 <div class="card-body">
  <h3 class="subhead">Notes</h3>
  <?cs if:data.notes ?><p class="notes"><?cs var:data.notes ?></p><?cs else ?><p class="muted">No notes.</p><?cs /if ?>
  <dl class="facts">
   <dt>Customer</dt><dd><a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></dd>
   <?cs call:dl_item("Title", data.title) ?>
   <dt>Added</dt><dd><?cs call:date(data.created_at) ?></dd>
   <dt>Last updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>
</aside>

<div class="detail-main">
<section class="card">
 <header class="card-header">
  <h2>Recent communications</h2>
<?cs if:can.customers_write && !dnc ?>  <div class="card-actions">
   <?cs call:button_link("Log a call", "/customers/" + data.customer_id + "/communications/new?kind=call&contact_id=" + data.id, "ghost sm", "phone") ?>
  </div>
<?cs /if ?> </header>
<?cs if:subcount(data.communications) ?> <ol class="timeline">
<?cs each:m = data.communications ?><?cs call:timeline_item(m) ?><?cs /each ?> </ol>
 <footer class="card-footer"><a href="/customers/<?cs var:data.customer_id ?>/communications">All of <?cs var:data.customer_name ?>'s communications<?cs call:icon("chevron-right") ?></a></footer>
<?cs else ?> <?cs call:empty_state("sms", "No communications with this contact yet", "", "", "") ?>
<?cs /if ?></section>
</div>
</div>
