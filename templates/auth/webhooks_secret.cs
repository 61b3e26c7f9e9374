<?cs
# auth/webhooks_secret.cs: the answer to POST /auth/webhooks and POST
# /auth/webhooks/:id/secret, the one time a signing secret is shown (it is
# kept sealed for the worker; the answer is no-store). data.*: the
# subscription (id, url, events, ...) and secret.
?><?cs call:page_header(page.title, "", "") ?>
<div class="notice notice-warning" role="alert"><?cs call:icon("key") ?><div>
 <p class="notice-title">Copy the signing secret now: it is not shown again</p>
 <p>The receiver checks each request's Hearth-Signature header with it. If it is lost, rotate it on the webhook's page: the old one stops signing at once.</p>
</div></div>
<?cs call:card_open(data.url, "", "", "") ?>
 <div class="card-body">
  <div class="field field-full">
   <label for="f-secret">Signing secret</label>
   <input class="input" id="f-secret" type="text" value="<?cs var:data.secret ?>" readonly autocomplete="off" spellcheck="false">
  </div>
  <dl class="facts">
   <dt>Events</dt><dd><?cs call:tag_list(data.events, "") ?></dd>
   <dt>Active</dt><dd><?cs if:data.active == "1" ?>Yes<?cs else ?>No<?cs /if ?></dd>
  </dl>
  <p class="muted">A receiver computes HMAC-SHA256 with this secret over “t.body” (t from the header) and compares it with v1:</p>
  <pre><code>printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac '<?cs var:data.secret ?>'</code></pre>
 </div>
<?cs call:card_close() ?>
<div class="form-actions">
 <?cs call:button_link("I have copied it", "/auth/webhooks/" + data.id, "primary", "check") ?>
</div>
