<?cs
# contacts/form.cs: new contact (POST /customers/:customer_id/contacts;
# data = {customer_id, customer_name}) or, when data.id is set, edit
# (POST /contacts/:id, _method=PATCH, version). Values come from form.*,
# messages from errors.*; page.conflict = "1" when the save was refused
# because the contact changed meanwhile (data.* = the saved contact).
# Checkboxes carry a hidden "0" first so an unticked box sends false.
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New contact", "", "") ?><?cs /if ?>
<p class="page-meta muted">Contact at <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></p>

<?cs call:conflict_notice("contact") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/contacts/<?cs var:data.id ?><?cs else ?>/customers/<?cs var:data.customer_id ?>/contacts<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Contact</h2>
   <p class="muted">Who they are at <?cs var:data.customer_name ?>.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "off", "required autofocus", "") ?>
   <?cs call:text_field("title", "Title or role", "text", "off", "", "e.g. Homeowner, Facilities manager, Architect") ?>
   <?cs call:text_field("email", "Email", "email", "off", "", "") ?>
   <?cs call:text_field("phone", "Phone", "tel", "off", "", "") ?>
   <?cs call:hidden_field("is_primary", "0") ?><?cs call:checkbox_field("is_primary", "Primary contact", "full", "The person you call first. Another primary contact of this customer stops being primary.") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>How to reach them</h2>
   <p class="muted">Respect their preferences: the whole team sees them.</p>
  </div>
  <div class="form-grid">
   <?cs call:select_open("preferred_channel", "Preferred channel", "", "") ?>
    <?cs call:options("channel", form.preferred_channel) ?>
   <?cs call:select_close("preferred_channel") ?>
   <?cs call:text_field("best_time", "Best time", "text", "off", "", "e.g. weekdays after 5pm") ?>
   <?cs call:hidden_field("do_not_contact", "0") ?><?cs call:checkbox_field("do_not_contact", "Do not contact", "full", "They asked not to be called, emailed or texted. Their details stay on file, shown with a warning.") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Notes</h2>
  </div>
  <div class="form-grid">
   <?cs call:textarea_field("notes", "Notes", "4", "full", "") ?>
  </div>
 </section>

 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Add contact<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/contacts/<?cs var:data.id ?><?cs else ?>/customers/<?cs var:data.customer_id ?><?cs /if ?>">Cancel</a>
 </div>
</form>
