<?cs
# properties/form.cs: new property (POST /customers/:customer_id/properties;
# data = {customer_id, customer_name}) or, when data.id is set, edit
# (POST /properties/:id, _method=PATCH, version). Values come from form.*
# (rooms as "Kitchen, Living room"), messages from errors.*;
# page.conflict = "1" when the save was refused because the property
# changed meanwhile (data.* = the saved property).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New property", "", "") ?><?cs /if ?>
<p class="page-meta muted">Property of <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></p>

<?cs call:conflict_notice("property") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/properties/<?cs var:data.id ?><?cs else ?>/customers/<?cs var:data.customer_id ?>/properties<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Property</h2>
   <p class="muted">A home or site you install or service.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "off", "required autofocus", "e.g. Main residence, Lake house, Head office") ?>
   <?cs call:select_open("type", "Type", "", "") ?>
    <?cs call:options("property_type", form.type) ?>
   <?cs call:select_close("type") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Address</h2>
   <p class="muted">Where the technicians go.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("line1", "Address line 1", "text", "off", "full", "") ?>
   <?cs call:text_field("line2", "Address line 2", "text", "off", "full", "") ?>
   <?cs call:text_field("city", "City", "text", "off", "", "") ?>
   <?cs call:text_field("region", "State / region", "text", "off", "", "") ?>
   <?cs call:text_field("postal_code", "Postal code", "text", "off", "", "") ?>
   <?cs call:text_field("country", "Country", "text", "off", "", "") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Access &amp; rooms</h2>
   <p class="muted">Shown first on the property page, for the technicians. Wi-Fi, controller and alarm passwords belong in the property secrets, not here.</p>
  </div>
  <div class="form-grid">
   <?cs call:textarea_field("access_notes", "Access notes", "4", "full", "Where the gate code or key is kept, pets, parking, who lets you in.") ?>
   <?cs call:text_field("rooms", "Rooms", "text", "off", "full", "Separate rooms with commas, e.g. Kitchen, Living room, Primary bedroom, Rack closet") ?>
  </div>
 </section>

 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Add property<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/properties/<?cs var:data.id ?><?cs else ?>/customers/<?cs var:data.customer_id ?><?cs /if ?>">Cancel</a>
 </div>
</form>
