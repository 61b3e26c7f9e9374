<?cs
# inventory/report_value.cs: GET /stock/reports/value. data.total.{units,
# value_cents}; data.by_location[] (location_id, location_name, kind,
# units, value_cents, share), data.by_category[] (category, units,
# value_cents, share), data.items (per location and category: the CSV);
# data.kind, data.category, data.location_id (filters), data.locations.
?><?cs include:"inventory/report_macros.cs" ?><?cs
 set:base = "/stock/reports/value" ?><?cs set:list.kind = data.kind ?><?cs set:list.category = data.category ?><?cs
 set:list.location_id = data.location_id ?><?cs set:filtered = data.kind || data.category || data.location_id ?><?cs
 call:page_header_open("Stock value") ?><p class="page-meta muted">On hand at each product's cost today</p><?cs
 call:page_header_actions() ?><a class="btn btn-secondary" href="<?cs var:base ?>?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a><?cs
 call:page_header_close() ?>
<?cs call:report_tabs(base) ?>
<form class="filters" method="get" action="<?cs var:base ?>" aria-label="Filter the report">
<div class="filter"><label for="f-kind">Kind of location</label><span class="select"><select class="input" id="f-kind" name="kind"><option value="">All kinds</option><?cs call:options("location_kind", data.kind) ?></select></span></div>
<div class="filter"><label for="f-location_id">Location</label><span class="select"><select class="input" id="f-location_id" name="location_id"><option value="">All locations</option><?cs each:o = data.locations ?><?cs call:option(o.id, o.name, data.location_id) ?><?cs /each ?></select></span></div>
<div class="filter"><label for="f-category">Category</label><span class="select"><select class="input" id="f-category" name="category"><option value="">All categories</option><?cs call:options("product_category", data.category) ?></select></span></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Show</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="<?cs var:base ?>">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors(base) ?><?cs if:!subcount(errors) ?>
<div class="stat-grid">
 <div class="stat"><p class="stat-label">Value at cost</p><p class="stat-value"><?cs call:usd(data.total.value_cents) ?></p></div>
 <div class="stat"><p class="stat-label">Units on hand</p><p class="stat-value"><?cs call:grouped(data.total.units) ?></p></div>
 <div class="stat"><p class="stat-label">Locations holding stock</p><p class="stat-value"><?cs var:subcount(data.by_location) ?></p></div>
</div>
<?cs if:subcount(data.by_location) ?><div class="report-grid">
<?cs call:card_open("By location", subcount(data.by_location), "", "") ?>
 <div class="table-wrap table-wrap-stack"><table class="table table-stack table-lean t-report">
  <thead><tr><th>Location</th><th class="num">Units</th><th class="num">Value</th><th>Share</th></tr></thead>
  <tbody>
<?cs each:l = data.by_location ?><tr><td><a href="/locations/<?cs var:l.location_id ?>"><?cs var:l.location_name ?></a><span class="sub"><?cs var:labels.location_kind[l.kind] ?></span><td class="num" data-label="Units"><?cs call:grouped(l.units) ?><td class="num" data-label="Value"><?cs call:usd(l.value_cents) ?><td class="share" data-label="Share"><meter min="0" max="100" value="<?cs var:l.share ?>"></meter> <span class="muted"><?cs var:l.share ?>%</span>
<?cs /each ?>  </tbody>
 </table></div>
<?cs call:card_close() ?>
<?cs call:card_open("By category", subcount(data.by_category), "", "") ?>
 <div class="table-wrap table-wrap-stack"><table class="table table-stack table-lean t-report">
  <thead><tr><th>Category</th><th class="num">Units</th><th class="num">Value</th><th>Share</th></tr></thead>
  <tbody>
<?cs each:c = data.by_category ?><tr><td><a href="<?cs var:base ?>?category=<?cs var:url_query(c.category) ?>"><?cs var:labels.product_category[c.category] ?></a><td class="num" data-label="Units"><?cs call:grouped(c.units) ?><td class="num" data-label="Value"><?cs call:usd(c.value_cents) ?><td class="share" data-label="Share"><meter min="0" max="100" value="<?cs var:c.share ?>"></meter> <span class="muted"><?cs var:c.share ?>%</span>
<?cs /each ?>  </tbody>
 </table></div>
<?cs call:card_close() ?>
</div>
<?cs else ?><?cs call:empty_state("inbox", "No stock on hand", "Nothing is held at the locations chosen.", "", "") ?>
<?cs /if ?><?cs /if ?>
