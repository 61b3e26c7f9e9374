<?cs
# inventory/reorder.cs: GET /purchase-orders/reorder. data.items (ordered by
# supplier; no supplier last), data.locations, data.chosen.<location id>,
# data.on_order.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/po_macros.cs" ?><?cs
 call:page_header_open("Reorder suggestions") ?>
 <div class="page-meta muted">Products whose available stock is at or under their reorder point, by preferred supplier.</div>
<?cs call:page_header_actions() ?><?cs call:button_link("CSV", "/purchase-orders/reorder?format=csv", "secondary", "download") ?><?cs call:page_header_close() ?>

<form class="filters reorder-filters" method="get" action="/purchase-orders/reorder" aria-label="Which stock counts">
 <fieldset class="filter filter-locations"><legend>Stock counted at <span class="muted">(none ticked: every warehouse and van)</span></legend>
<?cs each:o = data.locations ?>  <label class="check"><input class="checkbox" type="checkbox" name="location_id" value="<?cs var:o.id ?>"<?cs if:data.chosen[o.id] ?> checked<?cs /if ?>> <?cs var:o.name ?></label>
<?cs /each ?> </fieldset>
 <div class="filter filter-check"><input class="checkbox" type="checkbox" id="f-on_order" name="on_order" value="1"<?cs if:data.on_order ?> checked<?cs /if ?>><label for="f-on_order">Also products already on order</label></div>
 <div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Apply</span></button></div>
</form>
<?cs call:list_errors("/purchase-orders/reorder") ?>

<?cs if:subcount(data.items) ?>
<form method="post" action="/purchase-orders/reorder">
<?cs call:csrf_field() ?><?cs each:o = data.locations ?><?cs if:data.chosen[o.id] ?><?cs call:hidden_field("location_id", o.id) ?><?cs /if ?><?cs /each ?><?cs
 if:data.on_order ?><?cs call:hidden_field("include_on_order", "1") ?><?cs /if ?>
 <div class="table-wrap">
 <table class="table table-stack reorder">
  <thead><tr><th scope="col">Product</th><th scope="col" class="num">Available</th><th scope="col" class="num">Reorder at</th><th scope="col" class="num">Order</th><th scope="col" class="num">Unit cost</th><th scope="col" class="num">Amount</th><th scope="col">On order</th></tr></thead>
<?cs set:prev = "-" ?><?cs each:i = data.items ?><?cs set:sid = i.supplier_id ?><?cs if:sid != prev ?><?cs if:prev != "-" ?>  </tbody>
<?cs /if ?>  <tbody>
   <tr class="group-row"><th scope="rowgroup" colspan="7"><?cs if:sid ?><a href="/suppliers/<?cs var:sid ?>"><?cs var:i.supplier_name ?></a><?cs else ?>No preferred supplier <span class="muted">— choose one on the product's page to order it here</span><?cs /if ?></th></tr>
<?cs set:prev = sid ?><?cs /if ?>   <tr><td data-label="Product" class="cell-primary"><div class="pick"><?cs if:sid && can.inventory_write ?><input class="checkbox" type="checkbox" name="product_id" value="<?cs var:i.product_id ?>" id="p-<?cs var:i.product_id ?>" aria-label="Order <?cs var:i.sku ?>"<?cs if:i.on_order == 0 ?> checked<?cs /if ?>><?cs /if ?><div><a href="/products/<?cs var:i.product_id ?>"><?cs var:i.product_name ?></a> <span class="muted"><?cs var:i.sku ?><?cs if:i.supplier_sku ?> · <?cs var:i.supplier_sku ?><?cs /if ?></span></div></div></td><td data-label="Available" class="num"><?cs var:i.available ?></td><td data-label="Reorder at" class="num"><?cs var:i.reorder_point ?></td><td data-label="Order" class="num"><strong><?cs call:qty(i.suggested_qty, i.unit) ?></strong><?cs if:i.pack_size > 1 ?> <span class="muted">(packs of <?cs var:i.pack_size ?>)</span><?cs /if ?></td><td data-label="Unit cost" class="num"><?cs call:money(i.unit_cost_cents) ?></td><td data-label="Amount" class="num"><?cs call:money(i.line_cents) ?></td><td data-label="On order"><?cs if:i.on_order > 0 ?><span class="badge badge-blue"><?cs var:i.on_order ?> on <?cs var:i.open_pos ?></span><?cs else ?><span class="muted">—</span><?cs /if ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs if:can.inventory_write ?> <div class="form-actions"><button type="submit" class="btn btn-primary">Create draft POs</button><span class="muted">One draft per supplier for the ticked products; check them before sending.</span></div>
<?cs /if ?></form>
<?cs elif:!subcount(errors) ?><?cs call:empty_state("check", "Nothing to reorder", "Every product is above its reorder point at these locations, or already on order.", "", "") ?>
<?cs /if ?>
