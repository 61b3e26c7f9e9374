<?cs
# communications/form.cs: log a call, email, meeting, SMS, site visit or
# note (POST /customers/:customer_id/communications; data = {customer_id,
# customer_name, contacts, properties}) or, when data.id is set, edit it
# (POST /communications/:id, _method=PATCH, version; data = the entry plus
# the same). data.contacts / data.properties: the customer's {id, name}
# to choose from. Values come from form.*, messages from errors.*;
# page.conflict = "1" when the save was refused because the entry changed
# meanwhile (data.* = the saved entry). occurred_at is a datetime-local
# value (YYYY-MM-DDTHH:MM) in the company time zone.
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.subject, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header(page.title, "", "") ?><?cs /if ?>
<p class="page-meta muted"><?cs if:editing ?>Logged with<?cs else ?>With<?cs /if ?> <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></p>

<?cs call:conflict_notice("entry") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/communications/<?cs var:data.id ?><?cs else ?>/customers/<?cs var:data.customer_id ?>/communications<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>What happened</h2>
   <p class="muted">The whole team sees this on the customer's timeline.</p>
  </div>
  <div class="form-grid">
   <?cs call:select_open("kind", "Kind", "required", "") ?>
    <?cs call:options("communication_kind", form.kind) ?>
   <?cs call:select_close("kind") ?>
   <?cs call:select_open("direction", "Direction", "", "Outbound: we reached them. Inbound: they reached us.") ?>
<?cs if:!editing ?>    <?cs call:option("", "Automatic (internal for notes, else outbound)", form.direction) ?>
<?cs /if ?>    <?cs call:options("direction", form.direction) ?>
   <?cs call:select_close("direction") ?>
   <?cs call:input_field("occurred_at", "When", "datetime-local", form.occurred_at, errors.occurred_at, "off", "", "Leave empty for now.") ?>
   <?cs call:text_field("subject", "Subject", "text", "off", "required autofocus full", "") ?>
   <?cs call:textarea_field("body", "Details", "8", "full", "What was said, agreed or found; next steps.") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Who and where</h2>
   <p class="muted">Optional: the contact you dealt with and the property it is about.</p>
  </div>
  <div class="form-grid">
   <?cs call:select_open("contact_id", "Contact", "", "") ?>
    <?cs call:option("", "— None —", form.contact_id) ?>
<?cs each:c = data.contacts ?>    <?cs call:option(c.id, c.name, form.contact_id) ?>
<?cs /each ?>   <?cs call:select_close("contact_id") ?>
   <?cs call:select_open("property_id", "Property", "", "") ?>
    <?cs call:option("", "— None —", form.property_id) ?>
<?cs each:p = data.properties ?>    <?cs call:option(p.id, p.name, form.property_id) ?>
<?cs /each ?>   <?cs call:select_close("property_id") ?>
  </div>
 </section>

 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs elif:form.kind == "note" ?>Add note<?cs else ?>Log it<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/communications/<?cs var:data.id ?><?cs else ?>/customers/<?cs var:data.customer_id ?><?cs /if ?>">Cancel</a>
 </div>
</form>
