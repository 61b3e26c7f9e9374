<?cs
# auth/oauth_clients_created.cs: the answer to POST /auth/oauth/clients,
# the one time the client secret is shown (only its hash is kept; the
# answer is no-store). data.*: id, client_id, client_secret, name, scopes,
# user_id, user_email, created_at, token_url, base_url.
?><?cs call:page_header("Your new OAuth client", "", "") ?>
<div class="notice notice-warning" role="alert"><?cs call:icon("key") ?><div>
 <p class="notice-title">Copy the client secret now: it is not shown again</p>
 <p>Select it below and copy it (Ctrl+C, or ⌘C on a Mac) into the client's configuration. If it is lost, deactivate this client and register another.</p>
</div></div>
<?cs call:card_open(data.name, "", "", "") ?>
 <div class="card-body">
  <div class="field field-full">
   <label for="f-client-id">Client ID</label>
   <input class="input" id="f-client-id" type="text" value="<?cs var:data.client_id ?>" readonly autocomplete="off" spellcheck="false">
  </div>
  <div class="field field-full">
   <label for="f-client-secret">Client secret</label>
   <input class="input" id="f-client-secret" type="text" value="<?cs var:data.client_secret ?>" readonly autocomplete="off" spellcheck="false">
  </div>
  <dl class="facts">
   <dt>Acts as</dt><dd><?cs var:data.user_email ?></dd>
   <dt>Scopes</dt><dd><?cs call:tag_list(data.scopes, "") ?></dd>
   <dt>Token endpoint</dt><dd><code><?cs var:data.token_url ?></code></dd>
  </dl>
  <p class="muted">The client asks for an access token (an hour long) with the client credentials grant, then sends it as a bearer token:</p>
  <pre><code>curl -u '<?cs var:data.client_id ?>:<?cs var:data.client_secret ?>' \
     -d grant_type=client_credentials <?cs var:data.token_url ?>

curl -H "Authorization: Bearer ACCESS_TOKEN" \
     -H "Accept: application/json" <?cs var:data.base_url ?>/customers</code></pre>
 </div>
<?cs call:card_close() ?>
<div class="form-actions">
 <?cs call:button_link("I have copied it", "/auth/oauth/clients", "primary", "check") ?>
</div>
