<?cs
# customers/show.cs: GET /customers/:id. data.* is the customer plus
# data.contacts, data.properties, data.communications (latest 10) and
# data.documents.
?><?cs set:cid = data.id ?><?cs set:canedit = can.customers_write && !data.archived_at ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta">
  <?cs call:kind_badge(data.kind) ?>
  <?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?>
  <?cs call:tag_list(data.tags, "/customers") ?>
  <span class="muted">Customer since <?cs call:date(data.created_at) ?></span>
 </div>
<?cs call:page_header_actions() ?><?cs call:show_actions("/customers/" + cid, "Archive this customer? It disappears from lists; you can restore it later.") ?><?cs call:page_header_close() ?>

<?cs if:data.archived_at ?><div class="notice notice-warning" role="status"><?cs call:icon("archive") ?><div><p class="notice-title">Archived on <?cs call:date(data.archived_at) ?></p><p>This customer is hidden from lists and searches.<?cs if:can.customers_write ?> Restore it to work with it again.<?cs /if ?></p></div></div>
<?cs /if ?>
<div class="detail-grid">
<div class="detail-side">
<?cs call:card_open("Details", "", "", "") ?>
 <div class="card-body">
  <ul class="quick">
   <li><?cs call:icon("mail") ?><?cs if:data.email ?><a href="mailto:<?cs var:data.email ?>"><?cs var:data.email ?></a><?cs else ?><span class="muted">No email</span><?cs /if ?></li>
   <li><?cs call:icon("phone") ?><?cs if:data.phone ?><a href="tel:<?cs var:data.phone ?>"><?cs var:data.phone ?></a><?cs else ?><span class="muted">No phone</span><?cs /if ?></li>
  </ul>
  <h3 class="subhead">Billing address</h3>
<?cs if:data.billing_line1 || data.billing_city || data.billing_postal_code ?>  <address class="address">
   <?cs if:data.billing_line1 ?><span><?cs var:data.billing_line1 ?></span><?cs /if ?>
   <?cs if:data.billing_line2 ?><span><?cs var:data.billing_line2 ?></span><?cs /if ?>
   <span><?cs var:data.billing_city ?><?cs if:data.billing_region ?>, <?cs var:data.billing_region ?><?cs /if ?><?cs if:data.billing_postal_code ?> <?cs var:data.billing_postal_code ?><?cs /if ?></span>
   <?cs if:data.billing_country ?><span><?cs var:data.billing_country ?></span><?cs /if ?>
  </address>
<?cs else ?>  <p class="muted">No billing address.</p>
<?cs /if ?>  <h3 class="subhead">Notes</h3>
  <?cs if:data.notes ?><p class="notes"><?cs var:data.notes ?></p><?cs else ?><p class="muted">No notes.</p><?cs /if ?>
  <dl class="facts">
   <?cs call:dl_item("Customer no.", data.id) ?>
   <dt>Last updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>

</div>

<div class="detail-main">
<?cs if:canedit ?><?cs call:card_open("Contacts", subcount(data.contacts), "Add contact", "/customers/" + cid + "/contacts/new") ?><?cs
 else ?><?cs call:card_open("Contacts", subcount(data.contacts), "", "") ?><?cs /if ?>
<?cs if:subcount(data.contacts) ?> <ul class="card-list">
<?cs each:p = data.contacts ?>  <li class="row-item">
   <span class="row-icon"><?cs call:icon("user") ?></span>
   <div class="row-main">
    <p class="row-line"><a class="row-title" href="/contacts/<?cs var:p.id ?>"><?cs var:p.name ?></a><?cs
     if:p.title ?> <span class="muted">· <?cs var:p.title ?></span><?cs /if ?><?cs
     if:p.is_primary == "1" ?> <span class="badge badge-accent"><?cs call:icon("star") ?>Primary</span><?cs /if ?><?cs
     if:p.do_not_contact == "1" ?> <span class="badge badge-red"><?cs call:icon("ban") ?>Do not contact</span><?cs /if ?></p>
    <p class="row-sub"><?cs
     if:p.email ?><a class="quiet" href="mailto:<?cs var:p.email ?>"><?cs var:p.email ?></a><?cs /if ?><?cs
     if:p.email && p.phone ?> · <?cs /if ?><?cs
     if:p.phone ?><a class="quiet" href="tel:<?cs var:p.phone ?>"><?cs var:p.phone ?></a><?cs /if ?><?cs
     if:!p.email && !p.phone ?>No email or phone<?cs /if ?></p>
<?cs if:p.preferred_channel || p.best_time ?>    <p class="row-sub"><?cs
     if:p.preferred_channel ?>Prefers <?cs var:labels.channel[p.preferred_channel] ?><?cs /if ?><?cs
     if:p.preferred_channel && p.best_time ?> · <?cs /if ?><?cs
     if:p.best_time ?><?cs call:icon("clock") ?> <?cs var:p.best_time ?><?cs /if ?></p>
<?cs /if ?>   </div>
  </li>
<?cs /each ?> </ul>
<?cs elif:canedit ?> <?cs call:empty_state("user", "No contacts yet", "Add the people you deal with: owners, partners, property managers.", "Add contact", "/customers/" + cid + "/contacts/new") ?>
<?cs else ?> <?cs call:empty_state("user", "No contacts yet", "", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>

<?cs if:canedit ?><?cs call:card_open("Properties", subcount(data.properties), "Add property", "/customers/" + cid + "/properties/new") ?><?cs
 else ?><?cs call:card_open("Properties", subcount(data.properties), "", "") ?><?cs /if ?>
<?cs if:subcount(data.properties) ?> <ul class="card-list">
<?cs each:p = data.properties ?>  <li class="row-item">
   <span class="row-icon"><?cs if:p.type == "office" || p.type == "commercial" || p.type == "retail" ?><?cs call:icon("building") ?><?cs else ?><?cs call:icon("home") ?><?cs /if ?></span>
   <div class="row-main">
    <p class="row-line"><a class="row-title" href="/properties/<?cs var:p.id ?>"><?cs var:p.name ?></a><?cs if:p.type ?> <span class="badge badge-neutral"><?cs var:labels.property_type[p.type] ?></span><?cs /if ?></p>
    <p class="row-sub"><?cs var:p.line1 ?><?cs if:p.line1 && p.city ?>, <?cs /if ?><?cs var:p.city ?><?cs if:p.region ?>, <?cs var:p.region ?><?cs /if ?><?cs if:p.postal_code ?> <?cs var:p.postal_code ?><?cs /if ?></p>
<?cs if:subcount(p.rooms) ?>    <p class="row-sub"><?cs var:subcount(p.rooms) ?> room<?cs if:subcount(p.rooms) != 1 ?>s<?cs /if ?>: <?cs each:r = p.rooms ?><?cs if:!first(r) ?>, <?cs /if ?><?cs var:r ?><?cs /each ?></p>
<?cs /if ?>   </div>
  </li>
<?cs /each ?> </ul>
<?cs elif:canedit ?> <?cs call:empty_state("home", "No properties yet", "Add the homes and sites you install and service for this customer.", "Add property", "/customers/" + cid + "/properties/new") ?>
<?cs else ?> <?cs call:empty_state("home", "No properties yet", "", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>

<section class="card">
 <header class="card-header">
  <h2>Recent communications</h2>
  <div class="card-actions">
<?cs if:canedit ?>   <?cs call:button_link("Log a call", "/customers/" + cid + "/communications/new?kind=call", "ghost sm", "phone") ?>
   <?cs call:button_link("Add note", "/customers/" + cid + "/communications/new?kind=note", "ghost sm", "note") ?>
<?cs /if ?>  </div>
 </header>
<?cs if:subcount(data.communications) ?> <ol class="timeline">
<?cs each:m = data.communications ?><?cs call:timeline_item(m) ?><?cs /each ?> </ol>
 <footer class="card-footer"><a href="/customers/<?cs var:cid ?>/communications">All communications<?cs call:icon("chevron-right") ?></a></footer>
<?cs else ?> <?cs call:empty_state("sms", "No communications yet", "Log calls, emails, meetings and site visits to keep the whole team in the loop.", "", "") ?>
<?cs /if ?></section>
</div>

<div class="detail-side detail-side-2">
<?cs call:card_open("Documents", subcount(data.documents), "", "") ?>
<?cs if:subcount(data.documents) ?> <ul class="card-list">
<?cs each:d = data.documents ?>  <li class="row-item">
   <span class="row-icon"><?cs call:icon("file") ?></span>
   <div class="row-main">
    <a class="row-title" href="/documents/<?cs var:d.id ?>/download"><?cs if:d.title ?><?cs var:d.title ?><?cs else ?><?cs var:d.filename ?><?cs /if ?></a>
    <p class="row-sub"><span class="cell-truncate"><?cs var:d.filename ?></span> · <?cs call:filesize(d.size_bytes) ?> · <?cs call:date(d.created_at) ?></p>
   </div>
   <a class="btn btn-ghost btn-sm btn-icon" href="/documents/<?cs var:d.id ?>/download" title="Download"><?cs call:icon("download") ?><span class="visually-hidden">Download <?cs var:d.filename ?></span></a>
  </li>
<?cs /each ?> </ul>
<?cs else ?> <?cs call:empty_state("file", "No documents", "Proposals, contracts and floor plans for this customer.", "", "") ?>
<?cs /if ?><?cs if:canedit ?> <form class="upload" method="post" action="/customers/<?cs var:cid ?>/documents" enctype="multipart/form-data">
  <?cs call:csrf_field() ?>
  <div class="field">
   <label for="f-doc-title">Title</label>
   <input class="input" id="f-doc-title" name="title" type="text" placeholder="e.g. Signed proposal">
  </div>
  <div class="field">
   <label for="f-doc-file">File</label>
   <input class="input input-file" id="f-doc-file" name="file" type="file" required>
  </div>
  <button type="submit" class="btn btn-sm"><?cs call:icon("upload") ?><span>Upload</span></button>
 </form>
<?cs /if ?><?cs call:card_close() ?>
</div>
</div>
