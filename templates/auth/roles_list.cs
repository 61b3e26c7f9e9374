<?cs
# auth/roles_list.cs: GET /auth/roles, the roles × permissions matrix.
# data.items: name, description, version, active_users, levels.<family>
# (none|read|write|admin); data.families: name, label (the columns).
?><?cs call:page_header("Roles", "", "") ?>
<p class="muted">What each role may do in each part of Hearth: <strong>read</strong>, <strong>write</strong> (read and change) or <strong>admin</strong> (also settings). Open a role to change it; a change applies from each user's next request.</p>

<div class="table-wrap table-wrap-stack">
<table class="table table-stack table-roles">
 <caption class="visually-hidden">Permissions of each role in each part of Hearth</caption>
 <thead>
  <tr>
   <th scope="col">Role</th>
<?cs each:f = data.families ?>   <th scope="col"><?cs var:f.label ?></th>
<?cs /each ?>   <th scope="col">Active users</th>
  </tr>
 </thead>
 <tbody>
<?cs each:r = data.items ?>  <tr>
   <td class="cell-primary" data-label="Role"><a href="/auth/roles/<?cs var:url_escape(r.name) ?>"><?cs var:r.name ?></a><?cs if:r.description ?><br><span class="muted"><?cs var:r.description ?></span><?cs /if ?></td>
<?cs each:f = data.families ?><?cs set:rlevel = r.levels[f.name] ?>   <td data-label="<?cs var:f.label ?>" class="cell-badge"><?cs
 if:rlevel == "admin" ?><?cs call:badge("admin", "violet") ?><?cs
 elif:rlevel == "write" ?><?cs call:badge("write", "green") ?><?cs
 elif:rlevel == "read" ?><?cs call:badge("read", "blue") ?><?cs
 else ?><span class="muted" title="none">—</span><span class="visually-hidden">none</span><?cs /if ?></td>
<?cs /each ?>   <td data-label="Active users"><?cs var:r.active_users ?></td>
  </tr>
<?cs /each ?> </tbody>
</table>
</div>
