<?cs
# customers/list.cs: GET /customers. data.items, data.next, data.q,
# data.kind, data.tag, data.archived, data.sort, data.limit, data.sorts.
# The filter form is a plain GET form; hearth.js refreshes #results live.
# The rows are the page's weight and most of its render: one line each,
# no macro and no attribute per cell (hearth.css .t-customers says what
# each column is, and labels them when rows stack on phones), and the
# end tags HTML lets a table leave out (</td>, </tr>) are left out. The
# creation date is on the customer page and in the "Newest" order, not in
# a column (it was hidden below 1360 px anyway).
?><?cs set:list.q = data.q ?><?cs set:list.kind = data.kind ?><?cs set:list.tag = data.tag ?><?cs
 set:list.archived = data.archived ?><?cs set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.kind || data.tag || data.archived == "1" ?><?cs
 if:can.customers_write ?><?cs call:page_header("Customers", "New customer", "/customers/new") ?><?cs
 else ?><?cs call:page_header("Customers", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/customers" role="search" aria-label="Filter customers" data-live-search>
<?cs call:list_search("Name, email, phone…") ?><div class="filter"><label for="f-kind">Kind</label><span class="select"><select class="input" id="f-kind" name="kind"><option value="">All kinds</option><?cs call:options("customer_kind", data.kind) ?></select></span></div>
<div class="filter"><label for="f-tag">Tag</label><input class="input" id="f-tag" type="text" name="tag"<?cs if:data.tag ?> value="<?cs var:data.tag ?>"<?cs /if ?> placeholder="e.g. vip" autocomplete="off"></div>
<?cs call:list_sort("Sort") ?><?cs call:list_filter_end("/customers") ?>
</form>
<?cs call:list_errors("/customers") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:subcount(data.items) ?><?cs call:results_bar("customers", "/customers", "") ?>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-lean t-customers">
  <thead>
   <tr><?cs call:sort_header("Name", "name", data.sort, list) ?><th>Kind</th><th>Email</th><th>Phone</th><th>City</th><th>Tags</th><?cs
    call:sort_header("Updated", "-updated_at", data.sort, list) ?></tr>
  </thead>
  <tbody>
<?cs each:c = data.items ?><tr<?cs if:c.archived_at ?> class="is-archived"<?cs /if ?>><td><a href="/customers/<?cs var:c.id ?>"><?cs var:c.name ?></a><?cs if:c.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?><td><span class="kind-<?cs var:c.kind ?>"><?cs var:labels.customer_kind[c.kind] ?></span><td><?cs
 if:c.email ?><a href="mailto:<?cs var:c.email ?>"><?cs var:c.email ?></a><?cs /if ?><td><?cs
 if:c.phone ?><a href="tel:<?cs var:c.phone ?>"><?cs var:c.phone ?></a><?cs /if ?><td><?cs var:c.billing_city ?><td><?cs
 each:t = c.tags ?><a href="?tag=<?cs var:url_query(t) ?>"><?cs var:t ?></a><?cs /each ?><td><?cs var:fmt_date(c.updated_at) ?>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?><?cs # the notice above says why there is no list ?>
<?cs elif:filtered ?><?cs call:empty_filtered("customers", "Try another search or tag, or clear the filters to see everyone.", "/customers") ?>
<?cs elif:data.paged ?><?cs call:empty_end("customers") ?>
<?cs elif:can.customers_write ?>
 <?cs call:empty_state("users", "No customers yet", "Customers hold the contacts, properties, communications and documents of each client.", "Add your first customer", "/customers/new") ?>
<?cs else ?>
 <?cs call:empty_state("users", "No customers yet", "Once your team adds customers, they appear here.", "", "") ?>
<?cs /if ?>
</div>
