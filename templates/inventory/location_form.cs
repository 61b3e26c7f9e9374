<?cs
# inventory/location_form.cs: new location (POST /locations) or edit
# (data.id set). data.technicians: active users, technicians first.
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New location", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("location") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/locations/<?cs var:data.id ?><?cs else ?>/locations<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Location</h2><p class="muted">A warehouse, a technician's van or a job site.</p></div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "off", "required autofocus", "e.g. Main warehouse, Van 2 (Luis)") ?>
   <?cs call:select_open("kind", "Kind", "", "") ?><?cs call:options("location_kind", form.kind) ?><?cs call:select_close("kind") ?>
   <?cs call:select_open("technician_id", "Technician", "", "Vans only: who drives it") ?><option value="">None</option><?cs each:u = data.technicians ?><?cs call:option(u.id, u.name, form.technician_id) ?><?cs /each ?><?cs call:select_close("technician_id") ?>
   <?cs call:textarea_field("address", "Address", "2", "full", "") ?>
   <?cs call:textarea_field("notes", "Notes", "3", "full", "") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create location<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/locations/<?cs var:data.id ?><?cs else ?>/locations<?cs /if ?>">Cancel</a>
 </div>
</form>
