<?cs
# customers/list.cs: GET /customers. data.items, data.next, data.q,
# data.kind, data.tag, data.archived, data.sort, data.limit, data.sorts.
# The filter form is a plain GET form; hearth.js refreshes #results live.
?><?cs set:list.q = data.q ?><?cs set:list.kind = data.kind ?><?cs set:list.tag = data.tag ?><?cs
 set:list.archived = data.archived ?><?cs set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.kind || data.tag || data.archived == "1" ?><?cs
 if:can.customers_write ?><?cs call:page_header("Customers", "New customer", "/customers/new") ?><?cs
 else ?><?cs call:page_header("Customers", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/customers" role="search" aria-label="Filter customers" data-live-search>
 <div class="filter filter-q">
  <label for="f-q">Search</label>
  <span class="input-icon"><?cs call:icon("search") ?><input class="input" id="f-q" type="search" name="q" value="<?cs var:data.q ?>" placeholder="Name, email, phone…" autocomplete="off" data-search-primary></span>
 </div>
 <div class="filter">
  <label for="f-kind">Kind</label>
  <span class="select"><select class="input" id="f-kind" name="kind">
   <option value="">All kinds</option>
   <?cs call:option("residential", "Residential", data.kind) ?>
   <?cs call:option("commercial", "Commercial", data.kind) ?>
  </select></span>
 </div>
 <div class="filter">
  <label for="f-tag">Tag</label>
  <input class="input" id="f-tag" type="text" name="tag" value="<?cs var:data.tag ?>" placeholder="e.g. vip" autocomplete="off">
 </div>
<?cs if:subcount(data.sorts) ?> <div class="filter">
  <label for="f-sort">Sort</label>
  <span class="select"><select class="input" id="f-sort" name="sort">
<?cs each:s = data.sorts ?>   <?cs call:option(s.name, s.label, data.sort) ?>
<?cs /each ?>  </select></span>
 </div>
<?cs /if ?><?cs call:list_filter_end("/customers") ?>
</form>
<?cs call:list_errors("/customers") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:subcount(data.items) ?>
 <div class="results-bar">
  <p class="muted"><?cs if:data.q ?>Results for “<?cs var:data.q ?>”<?cs else ?>Showing <?cs var:subcount(data.items) ?><?cs if:data.next ?>+<?cs /if ?> customers<?cs /if ?><?cs if:data.archived == "1" ?>, including archived<?cs /if ?></p>
  <a class="btn btn-ghost btn-sm" href="/customers?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a>
 </div>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-customers">
  <thead>
   <tr>
    <?cs call:sort_header("Name", "name", data.sort, list) ?>
    <th scope="col">Kind</th>
    <th scope="col">Email</th>
    <th scope="col">Phone</th>
    <th scope="col">City</th>
    <th scope="col">Tags</th>
    <?cs call:sort_header("Created", "-created_at", data.sort, list) ?>
    <?cs call:sort_header("Updated", "-updated_at", data.sort, list) ?>
   </tr>
  </thead>
  <tbody>
<?cs each:c = data.items ?>   <tr<?cs if:c.archived_at ?> class="is-archived"<?cs /if ?>>
    <td class="cell-primary" data-label="Name"><a href="/customers/<?cs var:c.id ?>"><?cs var:c.name ?></a><?cs if:c.archived_at ?> <?cs call:badge("Archived", "amber") ?><?cs /if ?></td>
    <td data-label="Kind" class="cell-badge"><?cs call:kind_badge(c.kind) ?></td>
    <td data-label="Email" class="cell-truncate<?cs if:!c.email ?> is-empty<?cs /if ?>"><?cs if:c.email ?><a class="quiet" href="mailto:<?cs var:c.email ?>"><?cs var:c.email ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="Phone" class="cell-phone<?cs if:!c.phone ?> is-empty<?cs /if ?>"><?cs if:c.phone ?><a class="quiet" href="tel:<?cs var:c.phone ?>"><?cs var:c.phone ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="City"<?cs if:!c.billing_city ?> class="is-empty"<?cs /if ?>><?cs if:c.billing_city ?><?cs var:c.billing_city ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="Tags" class="cell-tags<?cs if:!subcount(c.tags) ?> is-empty<?cs /if ?>"><?cs if:subcount(c.tags) ?><?cs call:tag_list(c.tags, "/customers") ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="Created" class="cell-nowrap muted hide-lg hide-sm"><?cs call:date(c.created_at) ?></td>
    <td data-label="Updated" class="cell-nowrap muted"><?cs call:date(c.updated_at) ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?><?cs # the notice above says why there is no list ?>
<?cs elif:filtered ?>
 <div class="empty"><span class="empty-icon"><?cs call:icon("search") ?></span><p class="empty-title">No customers match these filters</p><p class="empty-text">Try another search or tag, or clear the filters to see everyone.</p><a class="btn btn-sm" href="/customers">Clear filters</a></div>
<?cs elif:string.find(req.uri, "after=") >= 0 ?>
 <div class="empty"><span class="empty-icon"><?cs call:icon("inbox") ?></span><p class="empty-title">No more customers</p><p class="empty-text">You have reached the end of the list.</p><a class="btn btn-sm" href="/customers?<?cs call:query_string(list, "") ?>">Back to the first page</a></div>
<?cs elif:can.customers_write ?>
 <?cs call:empty_state("users", "No customers yet", "Customers hold the contacts, properties, communications and documents of each client.", "Add your first customer", "/customers/new") ?>
<?cs else ?>
 <?cs call:empty_state("users", "No customers yet", "Once your team adds customers, they appear here.", "", "") ?>
<?cs /if ?>
</div>
