<?cs
# sales/deal_form.cs: new deal (POST /deals) or edit (data.id set).
# data.stages, data.owners, data.campaigns: the choices; data.customer
# (name, properties) when the customer is known.
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.title, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New deal", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("deal") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/deals/<?cs var:data.id ?><?cs else ?>/deals<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Deal</h2><p class="muted">What might be sold, to whom, for how much.</p></div>
  <div class="form-grid">
   <?cs call:text_field("title", "Title", "text", "off", "required autofocus", "e.g. Whole-home audio and lighting") ?>
   <?cs call:text_field("customer_id", "Customer number", "number", "off", "required", data.customer.name) ?>
<?cs if:subcount(data.customer.properties) ?>   <?cs call:select_open("property_id", "Property", "", "") ?><option value="">None</option><?cs each:o = data.customer.properties ?><?cs call:option(o.id, o.name, form.property_id) ?><?cs /each ?><?cs call:select_close("property_id") ?>
<?cs else ?>   <?cs call:text_field("property_id", "Property number", "number", "off", "", "Optional: one of the customer's properties") ?>
<?cs /if ?>   <?cs call:text_field("value_cents", "Value (cents)", "number", "off", "", "1250000 is $12500.00") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head"><h2>Pipeline</h2><p class="muted">A probability left empty is the stage's own.</p></div>
  <div class="form-grid">
   <?cs call:select_open("stage", "Stage", "", "") ?><?cs each:o = data.stages ?><?cs call:option(o.key, o.label + " (" + o.probability + "%)", form.stage) ?><?cs /each ?><?cs call:select_close("stage") ?>
   <?cs call:text_field("probability", "Probability (%)", "number", "off", "", "0 to 100") ?>
   <?cs call:text_field("expected_close", "Expected close", "date", "off", "", "") ?>
   <?cs call:select_open("owner_id", "Owner", "", "") ?><option value="">Nobody yet</option><?cs each:o = data.owners ?><?cs call:option(o.id, o.name, form.owner_id) ?><?cs /each ?><?cs call:select_close("owner_id") ?>
   <?cs call:select_open("campaign_id", "Campaign", "", "") ?><option value="">None</option><?cs each:o = data.campaigns ?><?cs call:option(o.id, o.name, form.campaign_id) ?><?cs /each ?><?cs call:select_close("campaign_id") ?>
   <?cs call:text_field("lost_reason", "Lost because", "text", "off", "", "Needed in a lost stage") ?>
   <?cs call:textarea_field("notes", "Notes", "4", "full", "") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create deal<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/deals/<?cs var:data.id ?><?cs else ?>/deals<?cs /if ?>">Cancel</a>
 </div>
</form>
