<?cs
# auth/users/list.cs: GET /auth/users. data.items (id, email, name, role,
# active, must_change_password, locked, last_sign_in_at, created_at,
# updated_at), data.next, data.q, data.role, data.active ("1"/"0"),
# data.sort, data.limit, data.sorts, data.roles (role names).
?><?cs set:list.q = data.q ?><?cs set:list.role = data.role ?><?cs set:list.active = data.active ?><?cs
 set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.role || data.active != "" ?><?cs
 call:page_header("Users", "New user", "/auth/users/new") ?>

<form class="filters" method="get" action="/auth/users" role="search" aria-label="Filter users" data-live-search>
 <div class="filter filter-q">
  <label for="f-q">Search</label>
  <span class="input-icon"><?cs call:icon("search") ?><input class="input" id="f-q" type="search" name="q" value="<?cs var:data.q ?>" placeholder="Name or email…" autocomplete="off" data-search-primary></span>
 </div>
 <div class="filter">
  <label for="f-role">Role</label>
  <span class="select"><select class="input" id="f-role" name="role">
   <option value="">All roles</option>
<?cs each:rn = data.roles ?>   <?cs call:option(rn, rn, data.role) ?>
<?cs /each ?>  </select></span>
 </div>
 <div class="filter">
  <label for="f-active">Status</label>
  <span class="select"><select class="input" id="f-active" name="active">
   <option value="">Everyone</option>
   <?cs call:option("1", "Active", data.active) ?>
   <?cs call:option("0", "Deactivated", data.active) ?>
  </select></span>
 </div>
<?cs if:subcount(data.sorts) ?> <div class="filter">
  <label for="f-sort">Sort</label>
  <span class="select"><select class="input" id="f-sort" name="sort">
<?cs each:s = data.sorts ?>   <?cs call:option(s.name, s.label, data.sort) ?>
<?cs /each ?>  </select></span>
 </div>
<?cs /if ?> <div class="filter filter-actions">
  <button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button>
<?cs if:filtered ?>  <a class="btn btn-ghost" href="/auth/users">Clear</a>
<?cs /if ?> </div>
</form>
<p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:subcount(data.items) ?>
 <div class="results-bar">
  <p class="muted"><?cs if:data.q ?>Results for “<?cs var:data.q ?>”<?cs else ?>Showing <?cs var:subcount(data.items) ?><?cs if:data.next ?>+<?cs /if ?> users<?cs /if ?></p>
  <a class="btn btn-ghost btn-sm" href="/auth/users?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a>
 </div>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-users">
  <thead>
   <tr>
    <?cs call:sort_header("Name", "name", data.sort, list) ?>
    <?cs call:sort_header("Email", "email", data.sort, list) ?>
    <th scope="col">Role</th>
    <th scope="col">Status</th>
    <th scope="col">Last sign-in</th>
    <?cs call:sort_header("Created", "-created_at", data.sort, list) ?>
   </tr>
  </thead>
  <tbody>
<?cs each:u = data.items ?>   <tr<?cs if:u.active != "1" ?> class="is-archived"<?cs /if ?>>
    <td class="cell-primary" data-label="Name"><a href="/auth/users/<?cs var:u.id ?>"><?cs var:u.name ?></a><?cs if:u.id == user.id ?> <span class="muted">(you)</span><?cs /if ?></td>
    <td data-label="Email" class="cell-truncate"><?cs var:u.email ?></td>
    <td data-label="Role" class="cell-badge"><?cs call:badge(u.role, "neutral") ?></td>
    <td data-label="Status" class="cell-badge"><?cs
 if:u.active != "1" ?><?cs call:badge("Deactivated", "amber") ?><?cs
 elif:u.locked == "1" ?><?cs call:badge("Locked", "red") ?><?cs
 elif:u.must_change_password == "1" ?><?cs call:badge("Temporary password", "blue") ?><?cs
 else ?><?cs call:badge("Active", "green") ?><?cs /if ?></td>
    <td data-label="Last sign-in" class="cell-nowrap<?cs if:!u.last_sign_in_at ?> is-empty<?cs /if ?>"><?cs if:u.last_sign_in_at ?><?cs call:datetime(u.last_sign_in_at) ?><?cs else ?><span class="muted">Never</span><?cs /if ?></td>
    <td data-label="Created" class="cell-nowrap muted"><?cs call:date(u.created_at) ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:filtered ?>
 <div class="empty"><span class="empty-icon"><?cs call:icon("search") ?></span><p class="empty-title">No users match these filters</p><p class="empty-text">Try another search, or clear the filters to see everyone.</p><a class="btn btn-sm" href="/auth/users">Clear filters</a></div>
<?cs elif:string.find(req.uri, "after=") >= 0 ?>
 <div class="empty"><span class="empty-icon"><?cs call:icon("inbox") ?></span><p class="empty-title">No more users</p><p class="empty-text">You have reached the end of the list.</p><a class="btn btn-sm" href="/auth/users?<?cs call:query_string(list, "") ?>">Back to the first page</a></div>
<?cs else ?>
 <?cs call:empty_state("users", "No users yet", "Add the people who work in Hearth; each gets a temporary password to change at first sign-in.", "Add a user", "/auth/users/new") ?>
<?cs /if ?>
</div>
