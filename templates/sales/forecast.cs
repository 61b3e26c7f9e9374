<?cs
# sales/forecast.cs: GET /sales/forecast. data.from, data.to (YYYY-MM),
# data.owner_id, data.owners; data.items [{month, label, open_deals,
# pipeline_cents(_text), weighted_cents(_text), won_deals, won_cents(_text)}],
# data.totals, data.undated; page.chart_svg (forecast.c: the chart drawn by
# lib/svgchart, its labels escaped there).
?><?cs include:"sales/macros.cs" ?><?cs
 set:base = "/sales/forecast" ?><?cs set:list.from = data.from ?><?cs set:list.to = data.to ?><?cs
 set:list.owner_id = data.owner_id ?><?cs
 call:page_header_open("Forecast") ?><p class="page-meta muted"><?cs var:data.from ?> to <?cs var:data.to ?></p><?cs
 call:page_header_actions() ?><?cs if:!subcount(errors) ?><a class="btn btn-secondary" href="<?cs var:base ?>?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a><?cs /if ?><?cs
 call:page_header_close() ?>
<form class="filters" method="get" action="<?cs var:base ?>" aria-label="Choose the months and the owner">
<div class="filter filter-month<?cs if:errors.from ?> has-error<?cs /if ?>"><label for="f-from">From</label><input class="input" id="f-from" type="month" name="from" value="<?cs var:data.from ?>" placeholder="YYYY-MM"></div>
<div class="filter filter-month<?cs if:errors.to ?> has-error<?cs /if ?>"><label for="f-to">To</label><input class="input" id="f-to" type="month" name="to" value="<?cs var:data.to ?>" placeholder="YYYY-MM"></div>
<div class="filter<?cs if:errors.owner_id ?> has-error<?cs /if ?>"><label for="f-owner_id">Owner</label><span class="select"><select class="input" id="f-owner_id" name="owner_id"><option value="">Anyone</option><?cs each:o = data.owners ?><?cs call:option(o.id, o.name, data.owner_id) ?><?cs /each ?></select></span></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Show</span></button><a class="btn btn-ghost" href="<?cs var:base ?>">Clear</a></div>
</form>
<?cs call:list_errors(base) ?><?cs if:!subcount(errors) ?>
<div class="stat-grid forecast-stats">
 <div class="stat"><p class="stat-label">Weighted pipeline</p><p class="stat-value"><?cs var:data.totals.weighted_cents_text ?></p></div>
 <div class="stat"><p class="stat-label">Open pipeline (unweighted)</p><p class="stat-value"><?cs var:data.totals.pipeline_cents_text ?></p></div>
 <div class="stat"><p class="stat-label">Won revenue</p><p class="stat-value"><?cs var:data.totals.won_cents_text ?></p></div>
 <div class="stat"><p class="stat-label">Deals won</p><p class="stat-value"><?cs var:data.totals.won_deals ?></p></div>
</div>
<section class="card chart-card" aria-labelledby="forecast-chart-h">
 <header class="card-header"><h2 id="forecast-chart-h">By month</h2></header>
 <div class="card-body"><figure class="chart-figure"><?cs
  # uvar: the chart lib/svgchart drew: numbers, and labels it escaped (svgchart.h)
  ?><div class="chart-scroll"><?cs uvar:page.chart_svg ?></div><figcaption class="muted">Weighted pipeline: open deals by the month they are expected to close, each worth its value × its probability (rounded half up to the cent). Won revenue: deals won in that month.</figcaption></figure></div>
</section>
<section class="card" aria-labelledby="forecast-table-h">
 <header class="card-header"><h2 id="forecast-table-h">The numbers</h2></header>
 <div class="table-wrap table-wrap-stack"><table class="table table-stack table-lean t-forecast">
  <caption class="visually-hidden">Forecast by month, <?cs var:data.from ?> to <?cs var:data.to ?></caption>
  <thead><tr><th scope="col">Month</th><th scope="col" class="num">Open deals</th><th scope="col" class="num">Pipeline</th><th scope="col" class="num">Weighted pipeline</th><th scope="col" class="num">Deals won</th><th scope="col" class="num">Won revenue</th></tr></thead>
  <tbody>
<?cs each:m = data.items ?><tr><td class="cell-primary"><?cs var:m.label ?></td><td class="num" data-label="Open deals"><?cs if:m.open_deals ?><a href="/deals?close_month=<?cs var:url_escape(m.month) ?><?cs if:data.owner_id ?>&amp;owner_id=<?cs var:url_escape(data.owner_id) ?><?cs /if ?>"><?cs var:m.open_deals ?></a><?cs else ?>0<?cs /if ?></td><td class="num" data-label="Pipeline"><?cs var:m.pipeline_cents_text ?></td><td class="num" data-label="Weighted"><?cs var:m.weighted_cents_text ?></td><td class="num" data-label="Won"><?cs var:m.won_deals ?></td><td class="num" data-label="Won revenue"><?cs var:m.won_cents_text ?></td></tr>
<?cs /each ?><tr class="row-total"><td class="cell-primary">Total</td><td class="num" data-label="Open deals"><?cs var:data.totals.open_deals ?></td><td class="num" data-label="Pipeline"><?cs var:data.totals.pipeline_cents_text ?></td><td class="num" data-label="Weighted"><?cs var:data.totals.weighted_cents_text ?></td><td class="num" data-label="Won"><?cs var:data.totals.won_deals ?></td><td class="num" data-label="Won revenue"><?cs var:data.totals.won_cents_text ?></td></tr>
  </tbody>
 </table></div>
</section>
<?cs if:data.undated.open_deals ?><p class="muted report-note"><?cs var:data.undated.open_deals ?> open deals have no expected close and are not in the months above (weighted <?cs var:data.undated.weighted_cents_text ?>).</p><?cs /if ?>
<?cs /if ?>
