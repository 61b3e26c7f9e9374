<?cs
# inventory/product_supplier_form.cs: add a supplier to a product (POST
# /products/:product_id/suppliers; data = {product_id, product_name,
# suppliers}) or edit (data.id set; POST /product-suppliers/:id, PATCH).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.supplier_name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("Add a supplier", "", "") ?><?cs /if ?>
<p class="page-meta muted">for <a href="/products/<?cs var:data.product_id ?>"><?cs var:data.product_name ?></a></p>

<?cs call:conflict_notice("supplier") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/product-suppliers/<?cs var:data.id ?><?cs else ?>/products/<?cs var:data.product_id ?>/suppliers<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Supplier</h2><p class="muted">Their SKU, your cost and the pack they sell in.</p></div>
  <div class="form-grid">
   <?cs call:select_open("supplier_id", "Supplier", "required", "") ?><option value="">Choose…</option><?cs each:s = data.suppliers ?><?cs call:option(s.id, s.name, form.supplier_id) ?><?cs /each ?><?cs call:select_close("supplier_id") ?>
   <?cs call:text_field("supplier_sku", "Their SKU", "text", "off", "", "") ?>
   <?cs call:text_field("cost_cents", "Cost (cents)", "number", "off", "", "12950 is $129.50") ?>
   <?cs call:text_field("pack_size", "Pack size", "number", "off", "", "Units per pack you order") ?>
   <?cs call:checkbox_field("preferred", "Preferred supplier: reorders go here", "", "") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Add supplier<?cs /if ?></button>
  <a class="btn btn-ghost" href="/products/<?cs var:data.product_id ?>">Cancel</a>
 </div>
</form>
