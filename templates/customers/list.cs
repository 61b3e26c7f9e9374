<?cs
# customers/list.cs: GET /customers. data.items, data.next, data.q,
# data.kind, data.tag, data.archived, data.sort, data.limit, data.sorts.
# The filter form is a plain GET form; hearth.js refreshes #results live.
# The rows are the page's weight and most of its render: customers/list_row.cs
# renders each (view.c keeps them by content), and rendered.items is their
# HTML, escaped as they were rendered. One line each, no macro and no
# attribute per cell (hearth.css .t-customers says what each column is,
# and labels them when rows stack on phones). The creation date is on the
# customer page and in the "Newest" order, not in a column.
?><?cs set:list.q = data.q ?><?cs set:list.kind = data.kind ?><?cs set:list.tag = data.tag ?><?cs
 set:list.archived = data.archived ?><?cs set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.kind || data.tag || data.archived == "1" ?><?cs
 if:can.customers_write ?><?cs call:page_header_open("Customers") ?><?cs call:page_header_actions() ?><?cs
  call:button_link("Import", "/customers/imports", "ghost", "upload") ?><?cs
  call:button_link("New customer", "/customers/new", "primary", "plus") ?><?cs call:page_header_close() ?><?cs
 else ?><?cs call:page_header("Customers", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/customers" role="search" aria-label="Filter customers" data-live-search>
<?cs call:list_search("Name, email, phone…") ?><div class="filter"><label for="f-kind">Kind</label><span class="select"><select class="input" id="f-kind" name="kind"><option value="">All kinds</option><?cs call:options("customer_kind", data.kind) ?></select></span></div>
<div class="filter"><label for="f-tag">Tag</label><input class="input" id="f-tag" type="text" name="tag"<?cs if:data.tag ?> value="<?cs var:data.tag ?>"<?cs /if ?> placeholder="e.g. vip" autocomplete="off"></div>
<?cs call:list_sort("Sort") ?><?cs call:list_filter_end("/customers") ?>
</form>
<?cs call:list_errors("/customers") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("customers", "/customers", "") ?>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-lean t-customers">
  <thead>
   <tr><?cs call:sort_header("Name", "name", data.sort, list) ?><th>Kind</th><th>Email</th><th>Phone</th><th>City</th><th>Tags</th><?cs
    call:sort_header("Updated", "-updated_at", data.sort, list) ?></tr>
  </thead>
  <tbody>
<?cs uvar:rendered.items ?>  </tbody>
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
