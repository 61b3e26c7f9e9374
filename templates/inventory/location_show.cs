<?cs
# inventory/location_show.cs: GET /locations/:id. data.* the location plus
# products (count held), units, allocated, value_cents (at cost).
?><?cs include:"inventory/macros.cs" ?><?cs set:lid = data.id ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta"><span class="badge badge-neutral"><?cs call:icon("map") ?><?cs var:labels.location_kind[data.kind] ?></span><?cs if:data.technician_name ?> <span class="muted">driven by <?cs var:data.technician_name ?></span><?cs /if ?><?cs if:data.archived_at ?> <?cs call:badge("Archived", "amber") ?><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs call:button_link("Stock here", "/locations/" + lid + "/stock", "secondary", "inbox") ?><?cs
 call:button_link("Stock-take", "/locations/" + lid + "/count", "secondary", "edit") ?><?cs
 if:can.inventory_write && !data.archived_at ?><?cs call:button_link("Transfer out", "/stock/moves/new?kind=transfer&from_location_id=" + lid, "secondary", "outbound") ?><?cs /if ?><?cs
 if:can.inventory_admin ?><?cs if:data.archived_at ?><?cs call:post_button("/locations/" + lid + "/restore", "", "Restore", "secondary", "restore", "") ?><?cs
 else ?><?cs call:button_link("Edit", "/locations/" + lid + "/edit", "secondary", "edit") ?><?cs call:post_button("/locations/" + lid, "DELETE", "Archive", "danger", "archive", "Archive this location? No stock can move in or out of it until it is restored.") ?><?cs /if ?><?cs /if ?><?cs
 call:page_header_close() ?>

<div class="stat-grid">
 <div class="stat"><p class="stat-label">Products held</p><p class="stat-value"><?cs var:data.products ?></p></div>
 <div class="stat"><p class="stat-label">Units on hand</p><p class="stat-value"><?cs var:data.units ?></p></div>
 <div class="stat"><p class="stat-label">Reserved</p><p class="stat-value"><?cs var:data.allocated ?></p></div>
 <div class="stat"><p class="stat-label">Value at cost</p><p class="stat-value"><?cs call:money(data.value_cents) ?></p></div>
</div>

<?cs call:card_open("Details", "", "", "") ?>
 <div class="card-body"><dl class="facts">
  <dt>Kind</dt><dd><?cs var:labels.location_kind[data.kind] ?></dd>
  <?cs call:dl_item("Technician", data.technician_name) ?>
  <?cs call:dl_item("Address", data.address) ?>
  <dt>Updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
 </dl>
<?cs if:data.notes ?> <p class="notes"><?cs var:data.notes ?></p>
<?cs /if ?> <p><a href="/stock/moves?location_id=<?cs var:lid ?>">Stock moves in and out of <?cs var:data.name ?><?cs call:icon("chevron-right") ?></a></p>
 </div>
<?cs call:card_close() ?>
