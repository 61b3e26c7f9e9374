<?cs
# inventory/po_form.cs: new purchase order (POST /purchase-orders) or edit
# (data.id set). data.suppliers (choices).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.number, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New purchase order", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("purchase order") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/purchase-orders/<?cs var:data.id ?><?cs else ?>/purchase-orders<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Order</h2><p class="muted">Who you buy from and when it should arrive. Lines are added on the next page, while it is a draft.</p></div>
  <div class="form-grid">
<?cs if:editing && data.status != "draft" ?>   <?cs call:hidden_field("supplier_id", data.supplier_id) ?>
   <?cs call:input_field("supplier", "Supplier", "text", data.supplier_name, errors.supplier_id, "off", "readonly", "A sent order keeps its supplier.") ?>
<?cs else ?>   <?cs call:select_open("supplier_id", "Supplier", "required", "") ?><option value="">Choose…</option><?cs each:s = data.suppliers ?><?cs call:option(s.id, s.name, form.supplier_id) ?><?cs /each ?><?cs call:select_close("supplier_id") ?>
<?cs /if ?>   <?cs call:text_field("expected_on", "Expected on", "date", "off", "", "When the supplier says it arrives") ?>
   <?cs call:textarea_field("notes", "Notes", "3", "full", "Printed on the order: delivery instructions, a job reference") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create draft<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/purchase-orders/<?cs var:data.id ?><?cs else ?>/purchase-orders<?cs /if ?>">Cancel</a>
 </div>
</form>
