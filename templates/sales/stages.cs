<?cs
# sales/stages.cs: GET /sales/stages (sales admins). data.items [{id, key,
# label, position, probability, outcome, archived_at, version, in_use}]
# (in use in their order, then archived); when a form is shown again
# data.error_id (the stage whose form it was; "new": the add form),
# data.message (a refusal or a conflict), errors.*, form.*.
?><?cs include:"sales/macros.cs" ?><?cs call:page_header("Pipeline stages", "", "") ?>
<p class="muted page-intro">Deals move through these stages in this order, on the <a href="/deals/board">board</a> and in the deal forms. A stage's probability is the one a new deal in it starts with; deals keep their own. The won stage stays the only one, and at least one lost stage stays; a stage with deals cannot be archived.</p>
<?cs if:data.message ?><div class="notice notice-error" role="alert"><?cs call:icon("alert") ?><p><?cs var:data.message ?></p></div><?cs /if ?>
<?cs set:n_in_use = 0 ?><?cs each:s = data.items ?><?cs if:!s.archived_at ?><?cs set:n_in_use = n_in_use + 1 ?><?cs /if ?><?cs /each ?>
<ol class="stage-list" aria-label="Stages in use, in order">
<?cs set:i = 0 ?><?cs each:s = data.items ?><?cs if:!s.archived_at ?><?cs set:i = i + 1 ?><?cs set:mine = data.error_id == s.id ?>
 <li class="stage-row<?cs if:mine && subcount(errors) ?> has-error<?cs /if ?>" id="stage-<?cs var:s.id ?>">
  <form class="stage-edit" method="post" action="/sales/stages/<?cs var:s.id ?>" aria-label="Edit the stage <?cs var:s.label ?>"><?cs call:csrf_field() ?><?cs call:method_field("PATCH") ?><input type="hidden" name="version" value="<?cs var:s.version ?>">
   <span class="stage-pos" aria-hidden="true"><?cs var:i ?></span>
   <div class="field stage-label<?cs if:mine && errors.label ?> has-error<?cs /if ?>"><label for="f-label-<?cs var:s.id ?>">Name</label><input class="input" id="f-label-<?cs var:s.id ?>" name="label" maxlength="60" required value="<?cs if:mine && form.label ?><?cs var:form.label ?><?cs else ?><?cs var:s.label ?><?cs /if ?>"<?cs if:mine && errors.label ?> aria-invalid="true" aria-describedby="f-label-<?cs var:s.id ?>-error"<?cs /if ?>><?cs if:mine && errors.label ?><p class="field-error" id="f-label-<?cs var:s.id ?>-error"><?cs var:errors.label ?></p><?cs /if ?></div>
   <div class="field stage-prob<?cs if:mine && errors.probability ?> has-error<?cs /if ?>"><label for="f-probability-<?cs var:s.id ?>">Probability %</label><input class="input" id="f-probability-<?cs var:s.id ?>" name="probability" type="number" min="0" max="100" step="1" required value="<?cs if:mine && form.probability != "" ?><?cs var:form.probability ?><?cs else ?><?cs var:s.probability ?><?cs /if ?>"<?cs if:mine && errors.probability ?> aria-invalid="true" aria-describedby="f-probability-<?cs var:s.id ?>-error"<?cs /if ?>><?cs if:mine && errors.probability ?><p class="field-error" id="f-probability-<?cs var:s.id ?>-error"><?cs var:errors.probability ?></p><?cs /if ?></div>
   <p class="stage-facts"><?cs if:s.outcome == "won" ?><?cs call:stage_badge("Won", "won") ?><?cs elif:s.outcome == "lost" ?><?cs call:stage_badge("Lost", "lost") ?><?cs else ?><?cs call:stage_badge("Open", "open") ?><?cs /if ?> <code><?cs var:s.key ?></code><?cs if:s.in_use ?> <span class="muted">has deals</span><?cs /if ?></p>
   <button type="submit" class="btn btn-sm">Save</button>
  </form>
  <div class="stage-actions">
<?cs if:i > 1 ?>   <form method="post" action="/sales/stages/<?cs var:s.id ?>/move"><?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:s.version ?>"><input type="hidden" name="direction" value="up"><button type="submit" class="btn btn-ghost btn-sm" aria-label="Move <?cs var:s.label ?> up">↑ Up</button></form>
<?cs /if ?><?cs if:i < n_in_use ?>   <form method="post" action="/sales/stages/<?cs var:s.id ?>/move"><?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:s.version ?>"><input type="hidden" name="direction" value="down"><button type="submit" class="btn btn-ghost btn-sm" aria-label="Move <?cs var:s.label ?> down">↓ Down</button></form>
<?cs /if ?><?cs if:!s.in_use && s.outcome != "won" ?>   <form method="post" action="/sales/stages/<?cs var:s.id ?>"><?cs call:csrf_field() ?><?cs call:method_field("DELETE") ?><input type="hidden" name="version" value="<?cs var:s.version ?>"><button type="submit" class="btn btn-ghost btn-sm" aria-label="Archive <?cs var:s.label ?>">Archive</button></form>
<?cs /if ?>  </div>
 </li>
<?cs /if ?><?cs /each ?></ol>

<?cs set:mine = data.error_id == "new" ?><section class="card" aria-labelledby="add-stage-h">
 <header class="card-header"><h2 id="add-stage-h">Add a stage</h2></header>
 <form class="card-body" method="post" action="/sales/stages"><?cs call:csrf_field() ?><?cs if:mine ?><?cs call:error_summary() ?><?cs /if ?>
  <div class="form-grid">
   <div class="field<?cs if:mine && errors.label ?> has-error<?cs /if ?>"><label for="f-label">Name<span class="req" aria-hidden="true"> *</span></label><input class="input" id="f-label" name="label" maxlength="60" required value="<?cs if:mine ?><?cs var:form.label ?><?cs /if ?>"><?cs if:mine && errors.label ?><p class="field-error" id="f-label-error"><?cs var:errors.label ?></p><?cs /if ?></div>
   <div class="field<?cs if:mine && errors.probability ?> has-error<?cs /if ?>"><label for="f-probability">Probability %<span class="req" aria-hidden="true"> *</span></label><input class="input" id="f-probability" name="probability" type="number" min="0" max="100" step="1" required value="<?cs if:mine ?><?cs var:form.probability ?><?cs /if ?>"><?cs if:mine && errors.probability ?><p class="field-error" id="f-probability-error"><?cs var:errors.probability ?></p><?cs /if ?></div>
   <div class="field<?cs if:mine && errors.outcome ?> has-error<?cs /if ?>"><label for="f-outcome">Kind</label><span class="select"><select class="input" id="f-outcome" name="outcome"><?cs set:cur_outcome = "open" ?><?cs if:mine && form.outcome ?><?cs set:cur_outcome = form.outcome ?><?cs /if ?><?cs call:option("open", "Open (in the pipeline, before won and lost)", cur_outcome) ?><?cs call:option("lost", "Lost (a way a deal ends)", cur_outcome) ?></select></span><?cs if:mine && errors.outcome ?><p class="field-error" id="f-outcome-error"><?cs var:errors.outcome ?></p><?cs /if ?></div>
   <div class="field<?cs if:mine && errors.key ?> has-error<?cs /if ?>"><label for="f-key">Key</label><p class="field-hint" id="f-key-hint">Optional: what scripts and filters use (stage=…). Empty: made from the name.</p><input class="input" id="f-key" name="key" maxlength="40" pattern="[a-z][a-z0-9_]*" aria-describedby="f-key-hint" value="<?cs if:mine ?><?cs var:form.key ?><?cs /if ?>"><?cs if:mine && errors.key ?><p class="field-error" id="f-key-error"><?cs var:errors.key ?></p><?cs /if ?></div>
  </div>
  <p class="stage-add-actions"><button type="submit" class="btn btn-primary btn-sm"><?cs call:icon("plus") ?><span>Add stage</span></button></p>
 </form>
</section>
<?cs set:n_arch = 0 ?><?cs each:s = data.items ?><?cs if:s.archived_at ?><?cs set:n_arch = n_arch + 1 ?><?cs /if ?><?cs /each ?><?cs if:n_arch ?>
<section class="card" aria-labelledby="archived-stages-h">
 <header class="card-header"><h2 id="archived-stages-h">Archived <span class="count"><?cs var:n_arch ?></span></h2></header>
 <ul class="card-list">
<?cs each:s = data.items ?><?cs if:s.archived_at ?>  <li class="row-item"><div class="row-main"><span class="row-title"><?cs var:s.label ?></span><p class="row-sub"><code><?cs var:s.key ?></code> · archived <?cs call:datetime(s.archived_at) ?></p></div></li>
<?cs /if ?><?cs /each ?> </ul>
</section>
<?cs /if ?>
