<?cs
# customers/form.cs: new customer (POST /customers) or, when data.id is
# set, edit (POST /customers/:id, _method=PATCH, version). Values come from
# form.*, messages from errors.*; page.conflict = "1" when the save was
# refused because the record changed meanwhile (data.* = saved record).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New customer", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("customer") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/customers/<?cs var:data.id ?><?cs else ?>/customers<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Customer</h2>
   <p class="muted">Who you bill and who you call first.</p>
  </div>
  <div class="form-grid">
   <?cs call:select_open("kind", "Kind", "required", "") ?>
    <?cs call:options("customer_kind", form.kind) ?>
   <?cs call:select_close("kind") ?>
   <?cs call:text_field("name", "Name", "text", "off", "required autofocus", "") ?>
   <?cs call:text_field("email", "Email", "email", "off", "", "") ?>
   <?cs call:text_field("phone", "Phone", "tel", "off", "", "") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Billing address</h2>
   <p class="muted">Printed on quotes and invoices. Install sites are added as properties.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("billing_line1", "Address line 1", "text", "off", "full", "") ?>
   <?cs call:text_field("billing_line2", "Address line 2", "text", "off", "full", "") ?>
   <?cs call:text_field("billing_city", "City", "text", "off", "", "") ?>
   <?cs call:text_field("billing_region", "State / region", "text", "off", "", "") ?>
   <?cs call:text_field("billing_postal_code", "Postal code", "text", "off", "", "") ?>
   <?cs call:text_field("billing_country", "Country", "text", "off", "", "") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Tags &amp; notes</h2>
   <p class="muted">Tags make customers easy to filter.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("tags", "Tags", "text", "off", "full", "Separate tags with commas, e.g. vip, lutron, service-plan") ?>
   <?cs call:textarea_field("notes", "Notes", "5", "full", "") ?>
  </div>
 </section>

 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create customer<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/customers/<?cs var:data.id ?><?cs else ?>/customers<?cs /if ?>">Cancel</a>
 </div>
</form>
