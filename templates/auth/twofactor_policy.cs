<?cs
# auth/twofactor_policy.cs: GET /auth/2fa/policy (auth:admin): the roles
# whose users must use two-factor sign-in. data.roles: name, description,
# require_2fa ("1"/"0"), users (active), users_without_2fa; data.version
# (of the whole policy); page.conflict = "1" when someone changed the
# policy since the form was read (data.* is the policy saved now).
?><?cs call:page_header_open("Two-factor policy") ?>
 <p class="page-meta muted">Users of a ticked role must use two-factor sign-in. Those who have not set it up are taken to set it up at their next page, and cannot turn it off.</p>
<?cs call:page_header_actions() ?><?cs call:button_link("Your two-factor sign-in", "/auth/2fa", "secondary", "key") ?><?cs call:page_header_close() ?>
<?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Someone else changed the policy meanwhile</p>
 <p>Nothing was saved. The boxes show the policy as it is now: tick them again and save.</p>
</div></div>
<?cs /if ?><?cs call:error_summary() ?>
<form class="form" method="post" action="/auth/2fa/policy" novalidate>
 <?cs call:csrf_field() ?>
 <?cs call:hidden_field("version", data.version) ?>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack">
  <caption class="visually-hidden">Roles that require two-factor sign-in</caption>
  <thead>
   <tr><th scope="col">Require two-factor</th><th scope="col">Role</th><th scope="col">Active users</th><th scope="col">Without two-factor</th></tr>
  </thead>
  <tbody>
<?cs each:r = data.roles ?>   <tr>
    <td data-label="Require two-factor"><div class="check"><input class="checkbox" type="checkbox" id="f-require-<?cs var:name(r) ?>" name="require_2fa" value="<?cs var:r.name ?>"<?cs if:r.require_2fa == "1" ?> checked<?cs /if ?>><label for="f-require-<?cs var:name(r) ?>"><span class="visually-hidden">Require two-factor for <?cs var:r.name ?></span></label></div></td>
    <td class="cell-primary" data-label="Role"><?cs var:r.name ?><?cs if:r.description ?><br><span class="muted"><?cs var:r.description ?></span><?cs /if ?></td>
    <td data-label="Active users"><?cs var:r.users ?></td>
    <td data-label="Without two-factor"><?cs if:r.users_without_2fa > 0 && r.require_2fa == "1" ?><?cs call:badge(r.users_without_2fa + " to enrol", "amber") ?><?cs else ?><?cs var:r.users_without_2fa ?><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs call:icon("check") ?><span>Save policy</span></button>
 </div>
</form>
