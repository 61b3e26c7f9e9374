<?cs
# auth/webhooks_events.cs: the event types field of the webhook forms
# (webhooks_list.cs, webhooks_show.cs): one checkbox per choice of the
# catalogue, each sending events=<pattern> (a group labelled by events-title). data.choices: value, label,
# description, group ("1": a wildcard), checked ("1"); errors.events. The
# section head above it has the ids events-title and f-events-hint.
?>  <div class="field field-full<?cs if:errors.events ?> has-error<?cs /if ?>" id="f-events" role="group" aria-labelledby="events-title" aria-describedby="f-events-hint<?cs if:errors.events ?> f-events-error<?cs /if ?>">
  <ul class="card-list">
<?cs each:c = data.choices ?>   <li class="row-item"><div class="check"><input class="checkbox" type="checkbox" name="events" value="<?cs var:c.value ?>" id="f-ev-<?cs var:name(c) ?>"<?cs if:c.checked == "1" ?> checked<?cs /if ?>><label for="f-ev-<?cs var:name(c) ?>"><?cs if:c.group == "1" ?><strong><?cs var:c.label ?></strong><?cs else ?><code><?cs var:c.label ?></code><?cs /if ?> <span class="muted"><?cs var:c.description ?></span></label></div></li>
<?cs /each ?>  </ul>
  <?cs if:errors.events ?><p class="field-error" id="f-events-error"><?cs call:icon("alert") ?><span><?cs var:errors.events ?></span></p><?cs /if ?>
  </div>
