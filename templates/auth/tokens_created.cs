<?cs
# auth/tokens_created.cs: the answer to POST /auth/tokens, the one time the
# token is shown (only its hash is kept; the answer is no-store). data.*:
# id, name, token, prefix, scopes, expires_at, created_at, base_url.
?><?cs call:page_header("Your new token", "", "") ?>
<div class="notice notice-warning" role="alert"><?cs call:icon("key") ?><div>
 <p class="notice-title">Copy the token now: it is not shown again</p>
 <p>Select it below and copy it (Ctrl+C, or ⌘C on a Mac) into your script's secret store or password manager. If you lose it, revoke it and create another.</p>
</div></div>
<?cs call:card_open(data.name, "", "", "") ?>
 <div class="card-body">
  <div class="field field-full">
   <label for="f-token">Token</label>
   <input class="input" id="f-token" type="text" value="<?cs var:data.token ?>" readonly autocomplete="off" spellcheck="false" aria-describedby="f-token-hint">
   <p class="field-hint" id="f-token-hint">Send it in the Authorization header: <code>Authorization: Bearer <?cs var:data.prefix ?>…</code></p>
  </div>
  <dl class="facts">
   <dt>Scopes</dt><dd><?cs call:tag_list(data.scopes, "") ?></dd>
   <dt>Expires</dt><dd><?cs call:datetime(data.expires_at) ?></dd>
  </dl>
  <p class="muted">For example:</p>
  <pre><code>curl -H "Authorization: Bearer <?cs var:data.token ?>" \
     -H "Accept: application/json" <?cs var:data.base_url ?>/customers</code></pre>
 </div>
<?cs call:card_close() ?>
<div class="form-actions">
 <?cs call:button_link("I have copied it", "/auth/tokens", "primary", "check") ?>
</div>
