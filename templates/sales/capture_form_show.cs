<?cs
# sales/capture_form_show.cs: GET /sales/forms/:id. data.* the form,
# data.capture_url (public_url + /leads/capture?key=...).
?><?cs include:"sales/macros.cs" ?><?cs set:fid = data.id ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta"><?cs if:data.has_secret == "1" ?><span class="badge badge-green">Secret set</span><?cs else ?><span class="badge badge-neutral">No secret yet</span><?cs /if ?><?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs if:!data.archived_at ?><?cs call:post_button("/sales/forms/" + fid + "/secret", "", "Make a new secret", "secondary", "restore", "Make a new secret? The current one stops working at once.") ?><?cs /if ?><?cs call:sales_actions("/sales/forms/" + fid, "Archive this form? Its submissions will be refused.") ?><?cs call:page_header_close() ?>

<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Form", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Key</dt><dd><code><?cs var:data.form_key ?></code></dd>
   <dt>Website</dt><dd><?cs if:data.allowed_origin ?><?cs var:data.allowed_origin ?><?cs else ?><span class="muted">Any</span><?cs /if ?></dd>
   <dt>Campaign</dt><dd><?cs if:data.campaign_id ?><a href="/campaigns/<?cs var:data.campaign_id ?>"><?cs var:data.campaign_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <?cs call:dl_item("Owner of its leads", data.owner_name) ?>
   <dt>Limit</dt><dd><?cs var:data.rate_per_hour ?> per hour and address</dd>
   <dt>Secret made</dt><dd><?cs if:data.secret_set_at ?><?cs call:datetime(data.secret_set_at) ?><?cs else ?><span class="muted">Never</span><?cs /if ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>
</aside>
<div class="detail-main">
<?cs call:card_open("On your website: a plain HTML form", "", "", "") ?>
 <div class="card-body">
  <p class="muted">Paste this into your page. The hidden “website” field catches bots: people never see it, so a filled one is refused.</p>
<pre class="snippet"><code>&lt;form method="post" action="<?cs var:data.capture_url ?>"&gt;
  &lt;label&gt;Name &lt;input name="name" required&gt;&lt;/label&gt;
  &lt;label&gt;Email &lt;input name="email" type="email"&gt;&lt;/label&gt;
  &lt;label&gt;Phone &lt;input name="phone" type="tel"&gt;&lt;/label&gt;
  &lt;label&gt;Address &lt;input name="line1"&gt;&lt;/label&gt;
  &lt;label&gt;Town &lt;input name="city"&gt;&lt;/label&gt;
  &lt;label&gt;Postal code &lt;input name="postal_code"&gt;&lt;/label&gt;
  &lt;label&gt;What can we help with? &lt;textarea name="message"&gt;&lt;/textarea&gt;&lt;/label&gt;
  &lt;p hidden&gt;&lt;label&gt;Leave empty &lt;input name="website" tabindex="-1" autocomplete="off"&gt;&lt;/label&gt;&lt;/p&gt;
  &lt;button&gt;Send&lt;/button&gt;
&lt;/form&gt;</code></pre>
 </div>
<?cs call:card_close() ?>
<?cs call:card_open("From your server: signed JSON", "", "", "") ?>
 <div class="card-body">
  <p class="muted">Sign each submission with the form's secret (made with “Make a new secret”, shown once): <code>Hearth-Signature: t=&lt;unix time&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</code>. A signature older than 5 minutes, or used before, is refused.</p>
<pre class="snippet"><code>SECRET=...   # shown once when made
BODY='{"name":"Ada Lovelace","email":"ada@example.com","phone":"+1 512 555 0142","message":"Whole-home audio"}'
T=$(date +%s)
SIG=$(printf '%s.%s' "$T" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')
curl -sS '<?cs var:data.capture_url ?>' \
  -H 'Content-Type: application/json' -H 'Accept: application/json' \
  -H "Hearth-Signature: t=$T,v1=$SIG" --data "$BODY"</code></pre>
 </div>
<?cs call:card_close() ?>
</div>
</div>
