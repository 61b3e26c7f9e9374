<?cs
# inventory/locations_list.cs: GET /locations. data.items, data.kind, data.q, data.archived.
?><?cs set:list.q = data.q ?><?cs set:list.kind = data.kind ?><?cs set:list.archived = data.archived ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.kind || data.archived == "1" ?><?cs
 if:can.inventory_admin ?><?cs call:page_header("Locations", "New location", "/locations/new") ?><?cs
 else ?><?cs call:page_header("Locations", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/locations" role="search" aria-label="Filter locations" data-live-search>
<?cs call:list_search("Name…") ?><div class="filter"><label for="f-kind">Kind</label><span class="select"><select class="input" id="f-kind" name="kind"><option value="">All kinds</option><?cs call:options("location_kind", data.kind) ?></select></span></div>
<?cs call:list_filter_end("/locations") ?>
</form>
<?cs call:list_errors("/locations") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("locations", "/locations", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Location</th><th scope="col">Kind</th><th scope="col">Technician</th><th scope="col">Address</th><th scope="col"><span class="visually-hidden">Stock</span></th></tr></thead>
  <tbody>
<?cs each:o = data.items ?>   <tr<?cs if:o.archived_at ?> class="is-archived"<?cs /if ?>><td data-label="Location" class="cell-primary"><a href="/locations/<?cs var:o.id ?>"><?cs var:o.name ?></a><?cs if:o.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Kind"><?cs var:labels.location_kind[o.kind] ?></td><td data-label="Technician"><?cs var:o.technician_name ?></td><td data-label="Address" class="cell-truncate"><?cs var:o.address ?></td><td data-label="Stock"><a href="/locations/<?cs var:o.id ?>/stock">Stock<?cs call:icon("chevron-right") ?></a></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("locations", "Try another search or kind.", "/locations") ?>
<?cs elif:data.paged ?><?cs call:empty_end("locations") ?>
<?cs else ?> <?cs call:empty_state("map", "No locations yet", "Warehouses, vans and job sites where stock is kept.", "", "") ?>
<?cs /if ?>
</div>
