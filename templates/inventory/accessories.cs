<?cs
# inventory/accessories.cs: GET /products/:id/accessories, and the add form
# again with its messages (POST /products/:id/accessories). data.* is the
# product (id, sku, name, unit, archived_at, accessories, used_in, ...).
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/catalog_macros.cs" ?><?cs
 set:pid = data.id ?><?cs call:page_header_open("Accessories of " + data.name) ?>
 <div class="page-meta"><span class="badge badge-neutral"><?cs call:icon("tag") ?><?cs var:data.sku ?></span></div>
<?cs call:page_header_actions() ?><?cs call:button_link("Back to the product", "/products/" + pid, "secondary", "") ?><?cs call:page_header_close() ?>
<?cs call:error_summary() ?>
<div class="detail-grid">
<div class="detail-main">
<?cs call:card_open("Accessories", subcount(data.accessories), "", "") ?>
 <div class="card-body"><p class="muted">Required accessories are added with the product on a quote or a project; recommended and optional ones are offered.</p></div>
<?cs if:subcount(data.accessories) ?><?cs call:accessory_rows(pid, data.accessories, can.inventory_write) ?><?cs
 else ?> <?cs call:empty_state("tag", "No accessories yet", "Add what goes with this product: a mount, a cable, a bracket.", "", "") ?>
<?cs /if ?><?cs if:can.inventory_write && !data.archived_at ?><?cs call:accessory_form(pid) ?><?cs /if ?>
<?cs call:card_close() ?>
</div>
</div>
