<?cs
# inventory/product_supplier_show.cs: GET /product-suppliers/:id.
?><?cs include:"inventory/macros.cs" ?><?cs set:psid = data.id ?><?cs
 call:page_header_open(data.supplier_name) ?>
 <div class="page-meta"><span class="muted">sells <a href="/products/<?cs var:data.product_id ?>"><?cs var:data.product_name ?></a></span><?cs if:data.preferred == "1" ?> <?cs call:badge("Preferred", "accent") ?><?cs /if ?><?cs if:data.archived_at ?> <?cs call:badge("Archived", "amber") ?><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs call:archive_actions("/product-suppliers/" + psid, "Remove this supplier from the product?") ?><?cs call:page_header_close() ?>
<?cs call:card_open("Terms for this product", "", "", "") ?>
 <div class="card-body"><dl class="facts">
  <dt>Supplier</dt><dd><a href="/suppliers/<?cs var:data.supplier_id ?>"><?cs var:data.supplier_name ?></a></dd>
  <?cs call:dl_item("Their SKU", data.supplier_sku) ?>
  <dt>Cost</dt><dd><?cs call:money(data.cost_cents) ?></dd>
  <dt>Pack size</dt><dd><?cs var:data.pack_size ?></dd>
  <dt>Updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
 </dl></div>
<?cs call:card_close() ?>
