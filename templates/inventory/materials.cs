<?cs
# inventory/materials.cs: GET /materials. data.items (requests with their
# state), data.doc_type, data.doc_id.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/po_macros.cs" ?><?cs
 def:material_state(s) ?><?cs if:s == "to_order" ?><span class="badge badge-red">To order</span><?cs
 elif:s == "ordered" ?><span class="badge badge-blue">Ordered</span><?cs elif:s == "received" ?><span class="badge badge-amber">Received</span><?cs
 elif:s == "delivered" ?><span class="badge badge-violet">On site</span><?cs elif:s == "installed" ?><span class="badge badge-green">Installed</span><?cs /if ?><?cs /def ?><?cs
 if:data.doc_type ?><?cs call:page_header_open("Materials for " + data.doc_type + " #" + data.doc_id) ?><?cs
 else ?><?cs call:page_header_open("Materials") ?><?cs /if ?>
 <div class="page-meta muted">What projects and service tickets asked for, and how far each has come.</div>
<?cs call:page_header_actions() ?><?cs call:button_link("To order", "/purchase-orders/to-order", "secondary", "") ?><?cs call:page_header_close() ?>

<form class="filters" method="get" action="/materials" aria-label="One project or ticket">
<div class="filter"><label for="f-doc_type">For</label><span class="select"><select class="input" id="f-doc_type" name="doc_type"><option value="">All</option><?cs call:option("project", "Project", data.doc_type) ?><?cs call:option("ticket", "Ticket", data.doc_type) ?></select></span></div>
<div class="filter"><label for="f-doc_id">Number</label><input class="input" id="f-doc_id" type="number" min="1" name="doc_id" value="<?cs var:data.doc_id ?>"></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Show</span></button><?cs if:data.doc_type ?><a class="btn btn-ghost" href="/materials">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors("/materials") ?>

<?cs if:subcount(data.items) ?> <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">For</th><th scope="col">Product</th><th scope="col">Needed by</th><th scope="col" class="num">Qty</th><th scope="col">State</th><th scope="col" class="num">Ordered</th><th scope="col" class="num">Received</th><th scope="col" class="num">On site</th><th scope="col" class="num">Installed</th></tr></thead>
  <tbody>
<?cs each:m = data.items ?>   <tr><td data-label="For" class="cell-nowrap"><a href="/materials?doc_type=<?cs var:url_escape(m.doc_type) ?>&amp;doc_id=<?cs var:m.doc_id ?>"><?cs call:doc_label(m.doc_type, m.doc_id) ?></a></td><td data-label="Product" class="cell-primary"><a href="/products/<?cs var:m.product_id ?>"><?cs var:m.product_name ?></a> <span class="muted"><?cs var:m.sku ?></span></td><td data-label="Needed by" class="cell-nowrap"><?cs if:m.needed_by ?><?cs var:m.needed_by ?><?cs else ?><span class="muted">—</span><?cs /if ?></td><td data-label="Qty" class="num"><?cs call:qty(m.qty, m.unit) ?></td><td data-label="State"><?cs call:material_state(m.state) ?></td><td data-label="Ordered" class="num"><?cs var:m.ordered ?></td><td data-label="Received" class="num"><?cs var:m.received ?></td><td data-label="On site" class="num"><?cs var:m.delivered ?></td><td data-label="Installed" class="num"><?cs var:m.installed ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs elif:!subcount(errors) ?><?cs call:empty_state("calendar", "No materials requested", "Projects and service tickets ask for materials to be ordered; they show here with their state.", "", "") ?>
<?cs /if ?>
<?cs if:can.inventory_write ?><div class="po-request">
<?cs call:card_open("Request material", "", "", "") ?>
 <form class="card-body" method="post" action="/materials" novalidate>
  <p class="muted">What the projects and service pages will do for their jobs; the request then waits on "To order".</p>
  <?cs call:csrf_field() ?>
  <div class="form-grid">
   <?cs call:select_open("doc_type", "For", "required", "") ?><?cs call:option("project", "Project", data.doc_type) ?><?cs call:option("ticket", "Ticket", data.doc_type) ?><?cs call:select_close("doc_type") ?>
   <?cs call:input_field("doc_id", "Number", "number", data.doc_id, errors.doc_id, "off", "required", "") ?>
   <?cs call:input_field("sku", "Product SKU", "text", "", errors.sku, "off", "required", "") ?>
   <?cs call:input_field("qty", "Quantity", "number", "", errors.qty, "off", "required", "") ?>
   <?cs call:input_field("needed_by", "Needed by", "date", "", errors.needed_by, "off", "", "") ?>
  </div>
  <div class="po-request-actions"><button type="submit" class="btn btn-primary">Request</button></div>
 </form>
<?cs call:card_close() ?>
</div><?cs /if ?>
