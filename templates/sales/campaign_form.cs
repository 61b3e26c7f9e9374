<?cs
# sales/campaign_form.cs: new campaign (POST /campaigns) or edit (data.id set).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New campaign", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("campaign") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/campaigns/<?cs var:data.id ?><?cs else ?>/campaigns<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Campaign</h2><p class="muted">What brings leads in; leads and deals are attributed to it.</p></div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "off", "required autofocus", "e.g. Spring home show 2026") ?>
   <?cs call:select_open("channel", "Channel", "", "") ?><?cs call:options("campaign_channel", form.channel) ?><?cs call:select_close("channel") ?>
   <?cs call:text_field("starts_on", "Starts", "date", "off", "", "") ?>
   <?cs call:text_field("ends_on", "Ends", "date", "off", "", "") ?>
   <?cs call:text_field("cost_cents", "Cost (cents)", "number", "off", "", "What it cost: 250000 is $2500.00") ?>
   <?cs call:textarea_field("notes", "Notes", "3", "full", "") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create campaign<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/campaigns/<?cs var:data.id ?><?cs else ?>/campaigns<?cs /if ?>">Cancel</a>
 </div>
</form>
