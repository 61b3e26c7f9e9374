<?cs
# inventory/po_show.cs: GET /purchase-orders/:id. data.* the PO, data.lines,
# data.receipts (its ledger rows), data.supplier_products (a draft's SKU
# choices).
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/po_macros.cs" ?><?cs
 set:base = "/purchase-orders/" + data.id ?><?cs set:draft = data.status == "draft" ?><?cs
 set:open = data.status == "sent" || data.status == "partially_received" ?><?cs
 call:page_header_open(data.number) ?>
 <div class="page-meta"><?cs call:po_status(data.status) ?> <a href="/suppliers/<?cs var:data.supplier_id ?>"><?cs var:data.supplier_name ?></a><?cs if:data.expected_on ?> · expected <?cs var:data.expected_on ?><?cs /if ?> · <?cs call:money(data.total_cents) ?></div>
<?cs call:page_header_actions() ?><?cs
 call:button_link("Print", base + "/print", "secondary", "file") ?><?cs
 if:can.inventory_write ?><?cs
  if:open ?><?cs call:button_link("Receive", base + "/receive", "primary", "inbox") ?><?cs /if ?><?cs
  if:draft || open ?><?cs call:button_link("Edit", base + "/edit", "secondary", "edit") ?><?cs /if ?><?cs
  if:draft ?><?cs call:po_step(data, "send", "Mark as sent", "primary", "") ?><?cs /if ?><?cs
  if:draft || data.status == "sent" ?><?cs call:po_step(data, "cancel", "Cancel order", "danger", "Cancel " + data.number + "? Its number is not used again.") ?><?cs /if ?><?cs
  if:data.status == "partially_received" || data.status == "received" ?><?cs call:po_step(data, "close", "Close", "", "Close " + data.number + "? Anything still back-ordered is given up.") ?><?cs /if ?><?cs
 /if ?><?cs call:page_header_close() ?>
<?cs call:error_summary() ?>

<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Order", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Status</dt><dd><?cs call:po_status(data.status) ?></dd>
   <dt>Supplier</dt><dd><a href="/suppliers/<?cs var:data.supplier_id ?>"><?cs var:data.supplier_name ?></a></dd>
   <?cs call:dl_item("Expected", data.expected_on) ?>
   <dt>Created</dt><dd><?cs call:datetime(data.created_at) ?></dd>
<?cs if:data.sent_at ?>   <dt>Sent</dt><dd><?cs call:datetime(data.sent_at) ?></dd>
<?cs /if ?><?cs if:data.received_at ?>   <dt>Last receipt</dt><dd><?cs call:datetime(data.received_at) ?></dd>
<?cs /if ?><?cs if:data.closed_at ?>   <dt><?cs if:data.status == "cancelled" ?>Cancelled<?cs else ?>Closed<?cs /if ?></dt><dd><?cs call:datetime(data.closed_at) ?></dd>
<?cs /if ?>   <dt>Total</dt><dd><strong><?cs call:money(data.total_cents) ?></strong></dd>
  </dl>
<?cs if:data.notes ?>  <p class="notes"><?cs var:data.notes ?></p>
<?cs /if ?> </div>
<?cs call:card_close() ?>
</aside>
<div class="detail-main">
<?cs call:card_open("Lines", subcount(data.lines), "", "") ?>
<?cs if:subcount(data.lines) ?> <div class="table-wrap">
 <table class="table table-stack po-lines">
  <thead><tr><th scope="col">Product</th><th scope="col">Their SKU</th><th scope="col" class="num">Ordered</th><th scope="col" class="num">Received</th><th scope="col" class="num">Unit cost</th><th scope="col" class="num">Amount</th><?cs if:draft && can.inventory_write ?><th scope="col"><span class="visually-hidden">Change</span></th><?cs /if ?></tr></thead>
  <tbody>
<?cs each:l = data.lines ?>   <tr><td data-label="Product" class="cell-primary"><a href="/products/<?cs var:l.product_id ?>"><?cs var:l.product_name ?></a> <span class="muted"><?cs var:l.sku ?></span><?cs if:l.doc_type ?> <span class="badge badge-accent"><?cs call:doc_label(l.doc_type, l.doc_id) ?></span><?cs /if ?></td><td data-label="Their SKU"><?cs if:l.supplier_sku ?><?cs var:l.supplier_sku ?><?cs else ?><span class="muted">—</span><?cs /if ?></td><?cs
 if:draft && can.inventory_write ?><td data-label="Ordered" class="num"><label class="visually-hidden" for="q-<?cs var:l.id ?>">Quantity of <?cs var:l.sku ?></label><input class="input input-qty" id="q-<?cs var:l.id ?>" form="line-<?cs var:l.id ?>" name="qty" type="number" min="1" step="1" inputmode="numeric" value="<?cs var:l.qty ?>"></td><td data-label="Received" class="num"><?cs var:l.received ?></td><td data-label="Unit cost" class="num"><label class="visually-hidden" for="c-<?cs var:l.id ?>">Unit cost of <?cs var:l.sku ?> in dollars</label><input class="input input-money" id="c-<?cs var:l.id ?>" form="line-<?cs var:l.id ?>" name="unit_cost" type="text" inputmode="decimal" value="<?cs var:#l.unit_cost_cents / 100 ?>.<?cs if:#l.unit_cost_cents % 100 < 10 ?>0<?cs /if ?><?cs var:#l.unit_cost_cents % 100 ?>"></td><?cs
 else ?><td data-label="Ordered" class="num"><?cs call:qty(l.qty, l.unit) ?></td><td data-label="Received" class="num"><?cs if:l.received == l.qty ?><?cs var:l.received ?><?cs elif:l.received > 0 ?><?cs var:l.received ?> <span class="muted">(<?cs var:l.open_qty ?> to come)</span><?cs else ?><span class="muted">0</span><?cs /if ?></td><td data-label="Unit cost" class="num"><?cs call:money(l.unit_cost_cents) ?></td><?cs
 /if ?><td data-label="Amount" class="num"><?cs call:money(l.line_cents) ?></td><?cs
 if:draft && can.inventory_write ?><td class="cell-actions"><form class="inline-form" id="line-<?cs var:l.id ?>" method="post" action="<?cs var:base ?>/lines/<?cs var:l.id ?>"><?cs call:csrf_field() ?><?cs call:method_field("PATCH") ?><?cs call:hidden_field("version", data.version) ?><button type="submit" class="btn btn-sm">Save</button></form><form class="inline-form" method="post" action="<?cs var:base ?>/lines/<?cs var:l.id ?>"><?cs call:csrf_field() ?><?cs call:method_field("DELETE") ?><?cs call:hidden_field("version", data.version) ?><button type="submit" class="btn btn-sm btn-ghost">Remove</button></form></td><?cs /if ?></tr>
<?cs /each ?>  </tbody>
  <tfoot><tr><th scope="row" colspan="5" class="num">Total</th><td class="num"><strong><?cs call:money(data.total_cents) ?></strong></td><?cs if:draft && can.inventory_write ?><td></td><?cs /if ?></tr></tfoot>
 </table>
 </div>
<?cs else ?> <?cs call:empty_state("tag", "No lines yet", "Add what you order from " + data.supplier_name + " below.", "", "") ?>
<?cs /if ?><?cs
 if:draft && can.inventory_write ?>
 <form class="po-add-line" method="post" action="<?cs var:base ?>/lines" aria-label="Add a line">
  <?cs call:csrf_field() ?><?cs call:hidden_field("version", data.version) ?>
  <div><label for="f-sku">Product SKU</label><input class="input" id="f-sku" name="sku" type="text" list="supplier-products" autocomplete="off" required placeholder="Scan or type the SKU">
   <datalist id="supplier-products"><?cs each:p = data.supplier_products ?><option value="<?cs var:p.sku ?>"><?cs var:p.name ?><?cs if:p.supplier_sku ?> (<?cs var:p.supplier_sku ?>)<?cs /if ?></option><?cs /each ?></datalist></div>
  <div><label for="f-qty">Quantity</label><input class="input" id="f-qty" name="qty" type="number" min="1" step="1" inputmode="numeric" required></div>
  <div><label for="f-unit_cost">Unit cost ($)</label><input class="input" id="f-unit_cost" name="unit_cost" type="text" inputmode="decimal" placeholder="Supplier's cost"></div>
  <div><button type="submit" class="btn btn-primary"><?cs call:icon("plus") ?><span>Add line</span></button></div>
 </form>
<?cs /if ?><?cs call:card_close() ?>
<?cs if:subcount(data.receipts) ?><?cs call:card_open("Receipts", subcount(data.receipts), "", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">When</th><th scope="col">Product</th><th scope="col" class="num">Qty</th><th scope="col">Into</th><th scope="col">By</th></tr></thead>
  <tbody>
<?cs each:m = data.receipts ?>   <tr><td data-label="When" class="cell-primary cell-nowrap"><a href="/stock/moves/<?cs var:m.id ?>"><?cs call:datetime(m.at) ?></a></td><td data-label="Product"><?cs var:m.product_name ?> <span class="muted"><?cs var:m.sku ?></span></td><td data-label="Qty" class="num"><?cs var:m.qty ?></td><td data-label="Into"><?cs var:m.location_name ?></td><td data-label="By"><?cs var:m.user_name ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs call:card_close() ?><?cs /if ?>
</div>
</div>
