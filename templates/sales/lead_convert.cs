<?cs
# sales/lead_convert.cs: GET/POST /leads/:id/convert. data.lead, data.duplicates
# (customers that may be the lead's person: by_email, by_phone, by_name),
# data.stages, data.owners; form.* the values (prefilled from the lead).
?><?cs include:"sales/macros.cs" ?><?cs set:l = data.lead ?><?cs
 call:page_header("Convert " + data.lead.name, "", "") ?>

<?cs call:conflict_notice("lead") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="/leads/<?cs var:data.lead.id ?>/convert" novalidate>
<?cs call:csrf_field() ?><?cs call:hidden_field("version", data.lead.version) ?>
 <section class="form-section">
  <div class="form-section-head"><h2>Customer</h2><p class="muted">The lead becomes a customer with <?cs var:data.lead.name ?> as its contact<?cs if:data.lead.line1 ?> and <?cs var:data.lead.line1 ?> as its property<?cs /if ?>. Nothing is typed again.</p></div>
  <div class="form-grid">
<?cs if:subcount(data.duplicates) ?>  <div class="notice notice-warning field-full" role="status"><?cs call:icon("alert") ?><div><p class="notice-title">This may be a customer already</p><p>These customers share the lead's email, phone or a similar name. Pick one to add the lead to it, or make a new customer.</p></div></div>
<?cs /if ?>  <fieldset class="field field-full convert-into<?cs if:errors.customer_id ?> has-error<?cs /if ?>">
   <legend>Convert into</legend>
   <div class="check"><input type="radio" id="f-customer-new" name="customer_id" value=""<?cs if:!form.customer_id ?> checked<?cs /if ?>><label for="f-customer-new">A new customer: <strong><?cs if:data.lead.company ?><?cs var:data.lead.company ?> (or <?cs var:data.lead.name ?>, residential)<?cs else ?><?cs var:data.lead.name ?><?cs /if ?></strong></label></div>
<?cs each:c = data.duplicates ?>   <div class="check"><input type="radio" id="f-customer-<?cs var:c.id ?>" name="customer_id" value="<?cs var:c.id ?>"<?cs if:form.customer_id == c.id ?> checked<?cs /if ?><?cs if:c.archived == "1" ?> disabled<?cs /if ?>><label for="f-customer-<?cs var:c.id ?>"><a href="/customers/<?cs var:c.id ?>"><?cs var:c.name ?></a> <span class="muted"><?cs var:c.email ?><?cs if:c.email && c.phone ?> · <?cs /if ?><?cs var:c.phone ?><?cs if:c.city ?> · <?cs var:c.city ?><?cs /if ?></span><?cs
    if:c.by_email == "1" ?> <span class="badge badge-amber">Same email</span><?cs /if ?><?cs
    if:c.by_phone == "1" ?> <span class="badge badge-amber">Same phone</span><?cs /if ?><?cs
    if:c.by_name == "1" ?> <span class="badge badge-neutral">Similar name</span><?cs /if ?><?cs
    if:c.archived == "1" ?> <span class="badge">Archived</span><?cs /if ?></label></div>
<?cs /each ?><?cs if:errors.customer_id ?>   <p class="field-error" id="f-customer_id-error"><?cs var:errors.customer_id ?></p>
<?cs /if ?>  </fieldset>
   <?cs call:select_open("kind", "A new customer is", "", "") ?><option value="residential"<?cs if:form.kind == "residential" ?> selected<?cs /if ?>>Residential (named after the person)</option><option value="commercial"<?cs if:form.kind == "commercial" ?> selected<?cs /if ?>>Commercial (named after the company)</option><?cs call:select_close("kind") ?>
<?cs if:data.lead.line1 ?>   <?cs call:checkbox_field("add_property", "Add the lead's address as a property", "", "An existing customer keeps a property already at this address") ?>
<?cs /if ?>  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head"><h2>Deal</h2><p class="muted">The sale this lead may become, attributed to <?cs if:data.lead.campaign_name ?><?cs var:data.lead.campaign_name ?><?cs else ?>no campaign<?cs /if ?>.</p></div>
  <div class="form-grid">
   <?cs call:text_field("title", "Title", "text", "off", "required", "") ?>
   <?cs call:text_field("value_cents", "Value (cents)", "number", "off", "", "1250000 is $12500.00") ?>
   <?cs call:select_open("stage", "Stage", "", "") ?><?cs each:o = data.stages ?><?cs if:o.outcome != "lost" ?><?cs call:option(o.key, o.label + " (" + o.probability + "%)", form.stage) ?><?cs /if ?><?cs /each ?><?cs call:select_close("stage") ?>
   <?cs call:text_field("probability", "Probability (%)", "number", "off", "", "Empty: the stage's") ?>
   <?cs call:text_field("expected_close", "Expected close", "date", "off", "", "") ?>
   <?cs call:select_open("owner_id", "Owner", "", "") ?><option value="">Nobody yet</option><?cs each:o = data.owners ?><?cs call:option(o.id, o.name, form.owner_id) ?><?cs /each ?><?cs call:select_close("owner_id") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary">Convert lead</button>
  <a class="btn btn-ghost" href="/leads/<?cs var:data.lead.id ?>">Cancel</a>
 </div>
</form>
