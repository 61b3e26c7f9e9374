<?cs
# auth/oauth_clients.cs: GET /auth/oauth/clients (and POST refused with
# field errors), admins only. data.items: id, client_id, name, scopes,
# active, user_id, user_email, user_name, created_at, last_token_at,
# deactivated_at; data.next; data.token_url; data.families: name, label,
# read, write ("1" ticked); form.name, form.user_email; errors.*.
?><?cs call:page_header_open("OAuth clients") ?>
 <p class="page-meta muted">Systems that get access tokens with the OAuth2 client credentials grant at <code><?cs var:data.token_url ?></code>.</p>
<?cs call:page_header_actions() ?><?cs call:button_link("API tokens", "/auth/tokens", "ghost", "key") ?><?cs call:page_header_close() ?>

<div class="form-stack">
<?cs call:card_open("Registered clients", subcount(data.items), "", "") ?>
<?cs if:subcount(data.items) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-oauth-clients">
  <thead>
   <tr>
    <th scope="col">Name</th>
    <th scope="col">Client ID</th>
    <th scope="col">Acts as</th>
    <th scope="col">Scopes</th>
    <th scope="col">Last token</th>
    <th scope="col">Created</th>
    <th scope="col"><span class="visually-hidden">Actions</span></th>
   </tr>
  </thead>
  <tbody>
<?cs each:c = data.items ?>   <tr<?cs if:c.active != "1" ?> class="is-archived"<?cs /if ?>>
    <td class="cell-primary" data-label="Name"><?cs var:c.name ?><?cs if:c.active != "1" ?> <?cs call:badge("Deactivated", "red") ?><?cs /if ?></td>
    <td data-label="Client ID" class="cell-nowrap"><code><?cs var:c.client_id ?></code></td>
    <td data-label="Acts as" class="cell-truncate"><?cs var:c.user_email ?></td>
    <td data-label="Scopes" class="cell-tags"><?cs call:tag_list(c.scopes, "") ?></td>
    <td data-label="Last token" class="cell-nowrap<?cs if:!c.last_token_at ?> is-empty<?cs /if ?>"><?cs if:c.last_token_at ?><?cs call:datetime(c.last_token_at) ?><?cs else ?><span class="muted">Never</span><?cs /if ?></td>
    <td data-label="Created" class="cell-nowrap muted"><?cs call:date(c.created_at) ?></td>
    <td data-label="Actions"><?cs if:c.active == "1" ?><?cs
 call:post_button("/auth/oauth/clients/" + c.id, "DELETE", "Deactivate", "danger sm", "ban", "Deactivate the client “" + c.name + "”? Its secret and access tokens stop working at once.") ?><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs else ?><?cs call:empty_state("key", "No OAuth clients yet", "Register one below for a system that should fetch its own access tokens.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>

<?cs set:error_labels.name = "Name" ?><?cs set:error_labels.user_email = "Acts as" ?><?cs set:error_labels.scopes = "Scopes" ?><?cs call:error_summary() ?>
<form class="form" method="post" action="/auth/oauth/clients" novalidate>
 <?cs call:csrf_field() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2 id="new">Register a client</h2>
   <p class="muted">The secret is shown once, right after you register the client. Its tokens can do what the user it acts as may do, narrowed to the scopes you tick; never more.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "off", "required", "What it is, e.g. “monitoring bridge”.") ?>
   <?cs call:text_field("user_email", "Acts as (user's email)", "email", "off", "required", "A service account: create it as a user with the role the client needs.") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head">
   <h2 id="scopes-title">Scopes</h2>
   <p class="muted" id="f-scopes-hint">The scopes the client may ask for. Read: see. Write: also create and change (includes read).</p>
  </div>
  <?cs include:"auth/tokens_scopes.cs" ?>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs call:icon("plus") ?><span>Register client</span></button>
 </div>
</form>
</div>
