<?cs
# properties/list.cs: GET /properties (all, with the customer of each) and
# GET /customers/:id/properties (data.customer.{id,name,archived_at} set).
# data.items, data.next, data.q, data.type, data.archived, data.sort,
# data.limit, data.sorts. The filter form is a plain GET form; hearth.js
# refreshes #results live.
?><?cs
 if:data.customer.id ?><?cs set:base = "/customers/" + data.customer.id + "/properties" ?><?cs
 else ?><?cs set:base = "/properties" ?><?cs /if ?><?cs
 set:list.q = data.q ?><?cs set:list.type = data.type ?><?cs set:list.archived = data.archived ?><?cs
 set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.type || data.archived == "1" ?><?cs
 if:data.customer.id ?><?cs
  call:page_header_open("Properties") ?>
  <p class="page-meta">of <a href="/customers/<?cs var:data.customer.id ?>"><?cs var:data.customer.name ?></a><?cs
   if:data.customer.archived_at ?> <?cs call:badge("Archived customer", "amber") ?><?cs /if ?></p><?cs
  call:page_header_actions() ?><?cs
  if:can.customers_write ?><?cs call:button_link("New property", base + "/new", "primary", "plus") ?><?cs /if ?><?cs
  call:page_header_close() ?><?cs
 else ?><?cs
  call:page_header("Properties", "", "") ?><?cs
 /if ?>

<form class="filters" method="get" action="<?cs var:base ?>" role="search" aria-label="Filter properties" data-live-search>
<?cs call:list_search("Name, street, city, postal code…") ?> <div class="filter">
  <label for="f-type">Type</label>
  <span class="select"><select class="input" id="f-type" name="type">
   <option value="">All types</option>
   <?cs call:options("property_type", data.type) ?>
  </select></span>
 </div>
<?cs call:list_sort("Sort") ?><?cs call:list_filter_end(base) ?>
</form>
<?cs call:list_errors(base) ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?>
<?cs call:results_bar("properties", base, "") ?> <div class="table-wrap">
 <table class="table table-stack table-lean t-properties">
  <thead>
   <tr><?cs call:sort_header("Name", "name", data.sort, list) ?><?cs if:!data.customer.id ?><th scope="col">Customer</th><?cs /if ?><th scope="col">Type</th><th scope="col">Address</th><th scope="col">Rooms</th><?cs call:sort_header("Added", "-created_at", data.sort, list) ?></tr>
  </thead>
  <tbody>
<?cs each:p = data.items ?><tr<?cs if:p.archived_at ?> class="is-archived"<?cs /if ?>><td><a href="/properties/<?cs var:p.id ?>"><?cs var:p.name ?></a><?cs
 if:p.access_notes ?> <span class="badge badge-amber" title="Has access notes"><?cs call:icon("key") ?>Access notes</span><?cs /if ?><?cs
 if:p.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?><?cs
 if:!data.customer.id ?><td><a href="/customers/<?cs var:p.customer_id ?>"><?cs var:p.customer_name ?></a><?cs /if ?><td><span class="badge badge-neutral"><?cs var:labels.property_type[p.type] ?></span><td><?cs
 var:p.line1 ?><?cs if:p.line1 && p.city ?>, <?cs /if ?><?cs var:p.city ?><?cs if:p.region ?>, <?cs var:p.region ?><?cs /if ?><?cs if:p.postal_code ?> <?cs var:p.postal_code ?><?cs /if ?><td><?cs
 if:subcount(p.rooms) ?><?cs var:subcount(p.rooms) ?><?cs /if ?><td><?cs var:fmt_date(p.created_at) ?>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?><?cs # the notice above says why there is no list ?>
<?cs elif:filtered ?>
 <?cs call:empty_state("search", "No properties match", "Try another name, street, city or postal code, or clear the filters.", "", "") ?>
 <p class="empty-after"><a class="btn btn-sm" href="<?cs var:base ?>">Clear filters</a></p>
<?cs elif:string.find(req.uri, "after=") >= 0 ?>
 <?cs call:empty_state("inbox", "No more properties", "You have reached the end of the list.", "", "") ?>
 <p class="empty-after"><a class="btn btn-sm" href="<?cs var:base ?>?<?cs call:query_string(list, "") ?>">First page</a></p>
<?cs elif:data.customer.id && can.customers_write ?>
 <?cs call:empty_state("home", "No properties yet", "Add the homes and sites you install and service for this customer.", "Add property", base + "/new") ?>
<?cs elif:data.customer.id ?>
 <?cs call:empty_state("home", "No properties yet", "", "", "") ?>
<?cs else ?>
 <?cs call:empty_state("home", "No properties yet", "Properties are added on each customer's page.", "", "") ?>
<?cs /if ?>
</div>
