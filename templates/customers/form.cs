<?cs
# customers/form.cs: new customer (POST /customers) or, when data.id is
# set, edit (POST /customers/:id, _method=PATCH, version). Values come from
# form.*, messages from errors.*; page.conflict = "1" when the save was
# refused because the record changed meanwhile (data.* = saved record).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New customer", "", "") ?><?cs /if ?>

<?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Someone else changed this customer while you were editing</p>
 <p>Your changes have not been saved yet. Fields that differ show the value saved now<?cs if:data.updated_at ?> (saved <?cs call:datetime(data.updated_at) ?>)<?cs /if ?>. Check them, then save again to keep your version.</p>
</div></div>
<?cs /if ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/customers/<?cs var:data.id ?><?cs else ?>/customers<?cs /if ?>" novalidate>
 <?cs call:csrf_field() ?>
<?cs if:editing ?> <?cs call:method_field("PATCH") ?>
 <?cs if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?>
<?cs /if ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Customer</h2>
   <p class="muted">Who you bill and who you call first.</p>
  </div>
  <div class="form-grid">
   <?cs call:select_open("kind", "Kind", "required", "") ?>
    <?cs call:option("residential", "Residential", form.kind) ?>
    <?cs call:option("commercial", "Commercial", form.kind) ?>
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
