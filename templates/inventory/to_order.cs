<?cs
# inventory/to_order.cs: GET /purchase-orders/to-order. data.items: open
# material requests with something to order, by supplier (none last).
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/po_macros.cs" ?><?cs
 call:page_header_open("Materials to order") ?>
 <div class="page-meta muted">What projects and service tickets asked for that no purchase order covers yet.</div>
<?cs call:page_header_actions() ?><?cs call:button_link("All materials", "/materials", "secondary", "") ?><?cs call:button_link("CSV", "/purchase-orders/to-order?format=csv", "secondary", "download") ?><?cs call:page_header_close() ?>

<?cs if:subcount(data.items) ?>
<form method="post" action="/purchase-orders/to-order">
<?cs call:csrf_field() ?>
 <div class="table-wrap">
 <table class="table table-stack reorder">
  <thead><tr><th scope="col">For</th><th scope="col">Product</th><th scope="col">Needed by</th><th scope="col" class="num">Asked</th><th scope="col" class="num">To order</th><th scope="col" class="num">Unit cost</th></tr></thead>
<?cs set:prev = "-" ?><?cs each:i = data.items ?><?cs set:sid = i.supplier_id ?><?cs if:sid != prev ?><?cs if:prev != "-" ?>  </tbody>
<?cs /if ?>  <tbody>
   <tr class="group-row"><th scope="rowgroup" colspan="6"><?cs if:sid ?><a href="/suppliers/<?cs var:sid ?>"><?cs var:i.supplier_name ?></a><?cs else ?>No preferred supplier <span class="muted">— choose one on the product's page</span><?cs /if ?></th></tr>
<?cs set:prev = sid ?><?cs /if ?>   <tr><td data-label="For" class="cell-nowrap"><a href="/materials?doc_type=<?cs var:url_escape(i.doc_type) ?>&amp;doc_id=<?cs var:i.doc_id ?>"><?cs call:doc_label(i.doc_type, i.doc_id) ?></a></td><td data-label="Product" class="cell-primary"><div class="pick"><?cs if:sid && can.inventory_write ?><input class="checkbox" type="checkbox" name="request_id" value="<?cs var:i.id ?>" aria-label="Order for <?cs call:doc_label(i.doc_type, i.doc_id) ?>: <?cs var:i.sku ?>" checked><?cs /if ?><div><a href="/products/<?cs var:i.product_id ?>"><?cs var:i.product_name ?></a> <span class="muted"><?cs var:i.sku ?></span></div></div></td><td data-label="Needed by" class="cell-nowrap"><?cs if:i.needed_by ?><?cs var:i.needed_by ?><?cs else ?><span class="muted">—</span><?cs /if ?></td><td data-label="Asked" class="num"><?cs var:i.qty ?></td><td data-label="To order" class="num"><strong><?cs call:qty(i.to_order, i.unit) ?></strong></td><td data-label="Unit cost" class="num"><?cs call:money(i.unit_cost_cents) ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs if:can.inventory_write ?> <div class="form-actions"><button type="submit" class="btn btn-primary">Create draft POs</button><span class="muted">One draft per supplier; each line is bought for its project or ticket, and receiving it reserves it there.</span></div>
<?cs /if ?></form>
<?cs else ?><?cs call:empty_state("check", "Nothing to order", "Materials projects and tickets ask for appear here until a purchase order covers them.", "", "") ?>
<?cs /if ?>
