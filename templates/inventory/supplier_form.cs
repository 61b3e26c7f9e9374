<?cs
# inventory/supplier_form.cs: new supplier (POST /suppliers) or edit (data.id set).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New supplier", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("supplier") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/suppliers/<?cs var:data.id ?><?cs else ?>/suppliers<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Supplier</h2><p class="muted">A distributor you buy from.</p></div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "organization", "required autofocus", "") ?>
   <?cs call:text_field("contact_name", "Contact", "text", "off", "", "Your account manager") ?>
   <?cs call:text_field("email", "Email", "email", "off", "", "") ?>
   <?cs call:text_field("phone", "Phone", "tel", "off", "", "") ?>
   <?cs call:text_field("website", "Website", "text", "off", "", "") ?>
   <?cs call:textarea_field("address", "Address", "2", "full", "") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head"><h2>Account</h2><p class="muted">How you order and pay.</p></div>
  <div class="form-grid">
   <?cs call:text_field("account_number", "Account number", "text", "off", "", "") ?>
   <?cs call:text_field("payment_terms", "Payment terms", "text", "off", "", "e.g. Net 30") ?>
   <?cs call:text_field("lead_time_days", "Lead time (days)", "number", "off", "", "From order to delivery") ?>
   <?cs call:textarea_field("notes", "Notes", "3", "full", "") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create supplier<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/suppliers/<?cs var:data.id ?><?cs else ?>/suppliers<?cs /if ?>">Cancel</a>
 </div>
</form>
