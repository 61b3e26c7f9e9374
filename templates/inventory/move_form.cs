<?cs
# inventory/move_form.cs: GET /stock/moves/new and POST /stock/moves with
# errors. form.kind, form.product_id or form.sku, form.qty,
# form.from_location_id, form.to_location_id, form.reason, form.doc_ref,
# form.serials (serial_input.h's syntax);
# data.locations (choices), data.product (when known).
?><?cs call:page_header("Move stock", "", "") ?><?cs
 if:data.product.id ?><p class="page-meta muted"><a href="/products/<?cs var:data.product.id ?>"><?cs var:data.product.name ?></a> · <?cs var:data.product.sku ?></p><?cs /if ?>
<?cs call:error_summary() ?>

<form class="form" method="post" action="/stock/moves" novalidate>
<?cs call:csrf_field() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>What moves</h2><p class="muted">Receipts add stock, transfers move it between locations, adjustments and write-offs correct it (say why).</p></div>
  <div class="form-grid">
   <?cs call:select_open("kind", "Kind", "required", "") ?><?cs
    call:option("receipt", "Receipt: a delivery arrived", form.kind) ?><?cs
    call:option("transfer", "Transfer between locations", form.kind) ?><?cs
    call:option("adjustment", "Adjustment after a count", form.kind) ?><?cs
    call:option("write_off", "Write-off: damaged or lost", form.kind) ?><?cs
    call:option("return", "Return from a job", form.kind) ?><?cs
   call:select_close("kind") ?>
<?cs if:data.product.id ?>   <?cs call:hidden_field("product_id", data.product.id) ?>
   <?cs call:input_field("product", "Product", "text", data.product.sku + " · " + data.product.name, errors.product_id, "off", "readonly", "") ?>
<?cs else ?>   <?cs call:text_field("sku", "Product SKU", "text", "off", "required", "Scan or type the SKU") ?>
<?cs /if ?>   <?cs call:text_field("qty", "Quantity", "number", "off", "required", "A whole number of at least 1") ?>
   <?cs call:select_open("from_location_id", "From", "", "Transfers, write-offs, and adjustments that remove stock") ?><option value="">—</option><?cs each:o = data.locations ?><?cs call:option(o.id, o.name, form.from_location_id) ?><?cs /each ?><?cs call:select_close("from_location_id") ?>
   <?cs call:select_open("to_location_id", "To", "", "Receipts, returns, transfers, and adjustments that add stock") ?><option value="">—</option><?cs each:o = data.locations ?><?cs call:option(o.id, o.name, form.to_location_id) ?><?cs /each ?><?cs call:select_close("to_location_id") ?>
   <?cs call:text_field("reason", "Reason", "text", "off", "full", "Needed for adjustments and write-offs, e.g. counted 12, box damaged") ?>
   <?cs call:text_field("doc_ref", "Document", "text", "off", "", "Delivery note or job number") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head"><h2>Serial numbers</h2><p class="muted">Serialised products<?cs if:data.product.id ?><?cs if:data.product.serialised == "1" ?> such as this one<?cs else ?> only: this one has none<?cs /if ?><?cs /if ?>: one serial for every unit moved.</p></div>
  <div class="form-grid">
   <?cs call:textarea_field("serials", "Serials", "6", "full", "Scan or paste one a line (a spreadsheet column works), SERIAL MAC on a line for a MAC, or a range such as SN1000-SN1049.") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary">Record the move</button>
  <a class="btn btn-ghost" href="<?cs if:data.product.id ?>/products/<?cs var:data.product.id ?><?cs else ?>/stock/moves<?cs /if ?>">Cancel</a>
 </div>
</form>
