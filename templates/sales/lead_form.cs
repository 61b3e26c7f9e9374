<?cs
# sales/lead_form.cs: new lead (POST /leads) or edit (data.id set).
# data.owners, data.campaigns: the choices.
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New lead", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("lead") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/leads/<?cs var:data.id ?><?cs else ?>/leads<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Who</h2><p class="muted">The person who asked, and how to reach them.</p></div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "off", "required autofocus", "") ?>
   <?cs call:text_field("company", "Company", "text", "off", "", "For a commercial enquiry") ?>
   <?cs call:text_field("email", "Email", "email", "off", "", "") ?>
   <?cs call:text_field("phone", "Phone", "tel", "off", "", "") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head"><h2>Property</h2><p class="muted">Where the work would be.</p></div>
  <div class="form-grid">
   <?cs call:text_field("line1", "Address", "text", "off", "", "") ?>
   <?cs call:text_field("city", "City", "text", "off", "", "") ?>
   <?cs call:text_field("region", "Region", "text", "off", "", "") ?>
   <?cs call:text_field("postal_code", "Postal code", "text", "off", "", "") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head"><h2>Follow-up</h2><p class="muted">Where it came from, who has it and what happens next.</p></div>
  <div class="form-grid">
   <?cs call:select_open("source", "Source", "", "") ?><?cs call:options("lead_source", form.source) ?><?cs call:select_close("source") ?>
   <?cs call:select_open("campaign_id", "Campaign", "", "") ?><option value="">None</option><?cs each:o = data.campaigns ?><?cs call:option(o.id, o.name, form.campaign_id) ?><?cs /each ?><?cs call:select_close("campaign_id") ?>
   <?cs call:select_open("owner_id", "Owner", "", "") ?><option value="">Nobody yet</option><?cs each:o = data.owners ?><?cs call:option(o.id, o.name, form.owner_id) ?><?cs /each ?><?cs call:select_close("owner_id") ?>
   <?cs call:select_open("status", "Status", "", "Converted is set by converting the lead") ?><?cs
    each:o = labels.lead_status ?><?cs if:name(o) != "converted" || form.status == "converted" ?><?cs call:option(name(o), o, form.status) ?><?cs /if ?><?cs /each ?><?cs call:select_close("status") ?>
   <?cs call:text_field("lost_reason", "Lost because", "text", "off", "", "Needed when the status is Lost") ?>
   <?cs call:text_field("next_action_on", "Next action on", "date", "off", "", "") ?>
   <?cs call:textarea_field("notes", "Notes", "4", "full", "") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create lead<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/leads/<?cs var:data.id ?><?cs else ?>/leads<?cs /if ?>">Cancel</a>
 </div>
</form>
