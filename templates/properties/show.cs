<?cs
# properties/show.cs: GET /properties/:id. data.* is the property
# (customer_id, customer_name, name, type, line1, line2, city, region,
# postal_code, country, access_notes, rooms, archived_at, version, ...)
# plus data.communications (latest 10 about it) and data.documents.
# Access notes come first: technicians open this page at the gate.
?><?cs
 set:pid = data.id ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta">
  <span class="badge badge-neutral"><?cs if:data.type == "office" || data.type == "retail" || data.type == "hospitality" ?><?cs call:icon("building") ?><?cs else ?><?cs call:icon("home") ?><?cs /if ?><?cs var:labels.property_type[data.type] ?></span>
  <span class="muted">of <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></span>
  <?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?>
 </div>
<?cs call:page_header_actions() ?><?cs call:show_actions("/properties/" + pid, "Archive this property? It disappears from lists; you can restore it later.") ?><?cs call:page_header_close() ?>

<?cs if:data.archived_at ?><div class="notice notice-warning" role="status"><?cs call:icon("archive") ?><div><p class="notice-title">Archived on <?cs call:date(data.archived_at) ?></p><p>This property is hidden from lists and from the customer's page.<?cs if:can.customers_write ?> Restore it to work with it again.<?cs /if ?></p></div></div>
<?cs /if ?>
<section class="notice <?cs if:data.access_notes ?>notice-warning<?cs else ?>notice-info<?cs /if ?> access-notes" aria-labelledby="access-title"><?cs call:icon("key") ?><div>
 <h2 class="notice-title" id="access-title">Access</h2>
<?cs if:data.access_notes ?> <p class="notes"><?cs var:data.access_notes ?></p>
<?cs else ?> <p>No access notes yet.<?cs if:can.customers_write && !data.archived_at ?> <a href="/properties/<?cs var:pid ?>/edit#f-access_notes">Add gate codes, pets, parking and who lets you in</a> so technicians arrive ready.<?cs /if ?></p>
<?cs /if ?></div></section>

<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Address", "", "", "") ?>
 <div class="card-body">
<?cs if:data.line1 || data.city || data.postal_code ?>  <address class="address">
   <?cs if:data.line1 ?><span><?cs var:data.line1 ?></span><?cs /if ?>
   <?cs if:data.line2 ?><span><?cs var:data.line2 ?></span><?cs /if ?>
   <span><?cs var:data.city ?><?cs if:data.region ?>, <?cs var:data.region ?><?cs /if ?><?cs if:data.postal_code ?> <?cs var:data.postal_code ?><?cs /if ?></span>
   <?cs if:data.country ?><span><?cs var:data.country ?></span><?cs /if ?>
  </address>
<?cs else ?>  <p class="muted">No address.</p>
<?cs /if ?>  <dl class="facts">
   <dt>Customer</dt><dd><a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></dd>
   <dt>Added</dt><dd><?cs call:date(data.created_at) ?></dd>
   <dt>Last updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>

<?cs call:card_open("Documents", subcount(data.documents), "", "") ?>
<?cs if:subcount(data.documents) ?> <ul class="card-list">
<?cs each:d = data.documents ?>  <li class="row-item">
   <span class="row-icon"><?cs call:icon("file") ?></span>
   <div class="row-main">
    <a class="row-title" href="/documents/<?cs var:d.id ?>/download"><?cs if:d.title ?><?cs var:d.title ?><?cs else ?><?cs var:d.filename ?><?cs /if ?></a>
    <p class="row-sub"><span class="cell-truncate"><?cs var:d.filename ?></span> · <?cs call:filesize(d.size_bytes) ?> · <?cs call:date(d.created_at) ?></p>
   </div>
  </li>
<?cs /each ?> </ul>
<?cs else ?> <?cs call:empty_state("file", "No documents for this property", "Floor plans, rack layouts and manuals are added on the customer's page.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>
</aside>

<div class="detail-main">
<?cs call:card_open("Rooms", subcount(data.rooms), "", "") ?>
 <div class="card-body">
<?cs if:subcount(data.rooms) ?>  <ul class="tags chips" aria-label="Rooms"><?cs each:room = data.rooms ?><li><span class="badge badge-tag"><?cs var:room ?></span></li><?cs /each ?></ul>
<?cs else ?>  <p class="muted">No rooms listed.<?cs if:can.customers_write && !data.archived_at ?> <a href="/properties/<?cs var:pid ?>/edit#f-rooms">Add the rooms</a> you fit out here.<?cs /if ?></p>
<?cs /if ?> </div>
<?cs call:card_close() ?>

<section class="card">
 <header class="card-header">
  <h2>Recent communications</h2>
<?cs if:can.customers_write ?>  <div class="card-actions">
   <?cs call:button_link("Log a site visit", "/customers/" + data.customer_id + "/communications/new?kind=site_visit&property_id=" + pid, "ghost sm", "visit") ?>
  </div>
<?cs /if ?> </header>
<?cs if:subcount(data.communications) ?> <ol class="timeline">
<?cs each:m = data.communications ?><?cs call:timeline_item(m) ?><?cs /each ?> </ol>
 <footer class="card-footer"><a href="/customers/<?cs var:data.customer_id ?>/communications">All of <?cs var:data.customer_name ?>'s communications<?cs call:icon("chevron-right") ?></a></footer>
<?cs else ?> <?cs call:empty_state("visit", "No communications about this property yet", "", "", "") ?>
<?cs /if ?></section>
</div>
</div>
