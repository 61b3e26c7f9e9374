<?cs
# inventory/report_turnover.cs: GET /stock/reports/turnover.
# data.period.{from,to,months,days}; data.total and data.categories[]
# (category, out_units, out_value_cents, avg_value_cents, turnover,
# days_of_stock); data.items (per product: id, sku, name, unit, category,
# on_hand, out_units, avg_units, turnover, days_of_stock), data.next;
# filters data.from, data.to, data.category, data.kind, data.location_id,
# data.q; data.locations.
?><?cs include:"inventory/report_macros.cs" ?><?cs
 set:base = "/stock/reports/turnover" ?><?cs set:list.from = data.from ?><?cs set:list.to = data.to ?><?cs
 set:list.category = data.category ?><?cs set:list.kind = data.kind ?><?cs set:list.location_id = data.location_id ?><?cs
 set:list.q = data.q ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.from || data.to || data.category || data.kind || data.location_id || data.q ?><?cs
 call:page_header_open("Turnover and days of stock") ?><p class="page-meta muted"><?cs if:data.period.from ?><?cs var:data.period.from ?> to <?cs var:data.period.to ?> · <?cs var:data.period.days ?> days<?cs /if ?></p><?cs
 call:page_header_actions() ?><a class="btn btn-secondary" href="<?cs var:base ?>?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a><?cs
 call:page_header_close() ?>
<?cs call:report_tabs(base) ?>
<form class="filters" method="get" action="<?cs var:base ?>" aria-label="Choose the period and filters">
<div class="filter<?cs if:errors.from ?> has-error<?cs /if ?>"><label for="f-from">From</label><input class="input" id="f-from" type="month" name="from" value="<?cs if:data.from ?><?cs var:data.from ?><?cs else ?><?cs var:data.period.from ?><?cs /if ?>" placeholder="YYYY-MM"></div>
<div class="filter<?cs if:errors.to ?> has-error<?cs /if ?>"><label for="f-to">To</label><input class="input" id="f-to" type="month" name="to" value="<?cs if:data.to ?><?cs var:data.to ?><?cs else ?><?cs var:data.period.to ?><?cs /if ?>" placeholder="YYYY-MM"></div>
<div class="filter"><label for="f-category">Category</label><span class="select"><select class="input" id="f-category" name="category"><option value="">All categories</option><?cs call:options("product_category", data.category) ?></select></span></div>
<div class="filter"><label for="f-location_id">Location</label><span class="select"><select class="input" id="f-location_id" name="location_id"><option value="">All locations</option><?cs each:o = data.locations ?><?cs call:option(o.id, o.name, data.location_id) ?><?cs /each ?></select></span></div>
<div class="filter filter-q"><label for="f-q">Product</label><input class="input" id="f-q" type="search" name="q" value="<?cs var:data.q ?>" placeholder="SKU, maker, name…" autocomplete="off"></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Show</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="<?cs var:base ?>">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors(base) ?><?cs if:!subcount(errors) ?>
<div class="stat-grid">
 <div class="stat"><p class="stat-label">Used and written off (at cost)</p><p class="stat-value"><?cs call:usd(data.total.out_value_cents) ?></p></div>
 <div class="stat"><p class="stat-label">Average stock (at cost)</p><p class="stat-value"><?cs call:usd(data.total.avg_value_cents) ?></p></div>
 <div class="stat"><p class="stat-label">Turnover in the period</p><p class="stat-value"><?cs if:data.total.turnover != "" ?><?cs var:data.total.turnover ?>×<?cs else ?>—<?cs /if ?></p></div>
 <div class="stat"><p class="stat-label">Days of stock</p><p class="stat-value"><?cs if:data.total.days_of_stock != "" ?><?cs call:grouped(data.total.days_of_stock) ?><?cs else ?>—<?cs /if ?></p></div>
</div>
<?cs call:card_open("By category", subcount(data.categories), "", "") ?>
<?cs if:subcount(data.categories) ?> <div class="table-wrap table-wrap-stack"><table class="table table-stack table-lean t-report">
  <thead><tr><th>Category</th><th class="num">Out (units)</th><th class="num">Out at cost</th><th class="num">Average stock</th><th class="num">Turnover</th><th class="num">Days of stock</th></tr></thead>
  <tbody>
<?cs each:c = data.categories ?><tr><td><?cs var:labels.product_category[c.category] ?><td class="num" data-label="Out"><?cs call:grouped(c.out_units) ?><td class="num" data-label="At cost"><?cs call:usd(c.out_value_cents) ?><td class="num" data-label="Average"><?cs call:usd(c.avg_value_cents) ?><td class="num" data-label="Turnover"><?cs if:c.turnover != "" ?><?cs var:c.turnover ?>×<?cs else ?><span class="muted">—</span><?cs /if ?><td class="num" data-label="Days"><?cs if:c.days_of_stock != "" ?><?cs call:grouped(c.days_of_stock) ?><?cs else ?><span class="muted">—</span><?cs /if ?>
<?cs /each ?>  </tbody>
 </table></div>
<?cs else ?> <div class="card-body"><p class="muted">No stock and no movement in this period.</p></div>
<?cs /if ?><?cs call:card_close() ?>

<h2 class="section-title">By product</h2>
<?cs if:subcount(data.items) ?> <div class="table-wrap table-wrap-stack"><table class="table table-stack table-lean t-report">
  <thead><tr><th>Product</th><th>SKU</th><th class="num">On hand</th><th class="num">Out</th><th class="num">Average stock</th><th class="num">Turnover</th><th class="num">Days of stock</th></tr></thead>
  <tbody>
<?cs each:p = data.items ?><tr><td><a href="/products/<?cs var:p.id ?>"><?cs var:p.name ?></a><span class="sub"><?cs var:labels.product_category[p.category] ?></span><td data-label="SKU"><code><?cs var:p.sku ?></code><td class="num" data-label="On hand"><?cs var:p.on_hand ?><td class="num" data-label="Out"><?cs var:p.out_units ?><td class="num" data-label="Average"><?cs var:p.avg_units ?><td class="num" data-label="Turnover"><?cs if:p.turnover != "" ?><?cs var:p.turnover ?>×<?cs else ?><span class="muted">—</span><?cs /if ?><td class="num" data-label="Days"><?cs if:p.days_of_stock != "" ?><?cs call:grouped(p.days_of_stock) ?><?cs else ?><span class="muted">—</span><?cs /if ?>
<?cs /each ?>  </tbody>
 </table></div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:data.paged ?><?cs call:empty_end("products") ?>
<?cs else ?><?cs call:empty_filtered("products", "No product matches.", base) ?>
<?cs /if ?>
<p class="muted report-note">Out: units consumed on jobs and written off. Average stock: the mean of the opening stock and each month's closing stock. Turnover: out ÷ average stock over the period; days of stock: how many days the average stock lasts at this rate. Categories are at cost, products in their units.</p>
<?cs /if ?>
