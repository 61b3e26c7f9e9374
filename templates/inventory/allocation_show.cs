<?cs
# inventory/allocation_show.cs: GET /allocations/:id. data.* the allocation
# (product_id, sku, product_name, location_id, location_name, doc_type,
# doc_id, qty, consumed, ...).
?><?cs call:page_header_open(labels.doc_type[data.doc_type] + " #" + data.doc_id) ?>
 <div class="page-meta"><span class="muted"><?cs var:data.qty ?> of <a href="/products/<?cs var:data.product_id ?>"><?cs var:data.product_name ?></a> reserved at <?cs var:data.location_name ?></span></div>
<?cs call:page_header_actions() ?><?cs call:page_header_close() ?>
<?cs call:card_open("Allocation", "", "", "") ?>
 <div class="card-body"><dl class="facts">
  <dt>Product</dt><dd><a href="/products/<?cs var:data.product_id ?>"><?cs var:data.product_name ?></a> <span class="muted"><?cs var:data.sku ?></span></dd>
  <dt>Location</dt><dd><a href="/locations/<?cs var:data.location_id ?>"><?cs var:data.location_name ?></a></dd>
  <dt>Reserved now</dt><dd><?cs var:data.qty ?></dd>
  <dt>Used</dt><dd><?cs var:data.consumed ?></dd>
  <dt>Updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
 </dl>
<?cs if:can.inventory_write && #data.qty > 0 ?> <div class="inline-forms">
  <form method="post" action="/allocations/<?cs var:data.id ?>/consume" class="inline-form"><?cs call:csrf_field() ?><label for="f-use">Used</label><input class="input input-sm" id="f-use" name="qty" type="number" min="1" max="<?cs var:data.qty ?>" value="<?cs var:data.qty ?>"><button type="submit" class="btn btn-sm">Use</button></form>
  <form method="post" action="/allocations/<?cs var:data.id ?>/release" class="inline-form"><?cs call:csrf_field() ?><label for="f-release">Release</label><input class="input input-sm" id="f-release" name="qty" type="number" min="1" max="<?cs var:data.qty ?>" value="<?cs var:data.qty ?>"><button type="submit" class="btn btn-ghost btn-sm">Release</button></form>
 </div>
<?cs /if ?> </div>
<?cs call:card_close() ?>
<p><a href="/stock/moves?product_id=<?cs var:data.product_id ?>">Stock moves of this product<?cs call:icon("chevron-right") ?></a></p>
