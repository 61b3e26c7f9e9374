<?cs
# sales/capture_form_form.cs: new web form (POST /sales/forms) or edit (data.id set).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New web form", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("form") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/sales/forms/<?cs var:data.id ?><?cs else ?>/sales/forms<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Web form</h2><p class="muted">Where its leads come from and who gets them.</p></div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "off", "required autofocus", "e.g. Website contact form") ?>
   <?cs call:text_field("allowed_origin", "Your website", "text", "off", "", "https://www.example.com: browser posts from elsewhere are refused; empty: any") ?>
   <?cs call:select_open("campaign_id", "Campaign", "", "") ?><option value="">None</option><?cs each:o = data.campaigns ?><?cs call:option(o.id, o.name, form.campaign_id) ?><?cs /each ?><?cs call:select_close("campaign_id") ?>
   <?cs call:select_open("owner_id", "Owner of its leads", "", "") ?><option value="">Nobody yet</option><?cs each:o = data.owners ?><?cs call:option(o.id, o.name, form.owner_id) ?><?cs /each ?><?cs call:select_close("owner_id") ?>
   <?cs call:text_field("rate_per_hour", "Submissions per hour and address", "number", "off", "", "More are refused (429)") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create web form<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/sales/forms/<?cs var:data.id ?><?cs else ?>/sales/forms<?cs /if ?>">Cancel</a>
 </div>
</form>
