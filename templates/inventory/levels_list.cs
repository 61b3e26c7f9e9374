<?cs
# inventory/levels_list.cs: GET /locations/:id/stock (data.location.{id,
# name,archived_at}). data.items: products held there with on_hand,
# allocated, available, reorder_point, bin (null: none); data.q, data.low.
?><?cs set:base = "/locations/" + data.location.id + "/stock" ?><?cs
 set:list.q = data.q ?><?cs set:list.low = data.low ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.low ?><?cs
 call:page_header_open("Stock") ?>
 <p class="page-meta">at <a href="/locations/<?cs var:data.location.id ?>"><?cs var:data.location.name ?></a><?cs if:data.location.archived_at ?> <?cs call:badge("Archived", "amber") ?><?cs /if ?></p><?cs
 call:page_header_actions() ?><?cs
 call:button_link("Stock-take", "/locations/" + data.location.id + "/count", "secondary", "edit") ?><?cs
 if:can.inventory_write && !data.location.archived_at ?><?cs call:button_link("Transfer out", "/stock/moves/new?kind=transfer&from_location_id=" + data.location.id, "secondary", "outbound") ?><?cs /if ?><?cs
 call:page_header_close() ?>

<form class="filters" method="get" action="<?cs var:base ?>" role="search" aria-label="Filter stock" data-live-search>
<?cs call:list_search("SKU, maker, model, name…") ?><div class="filter filter-check"><input class="checkbox" type="checkbox" id="f-low" name="low" value="1"<?cs if:data.low == "1" ?> checked<?cs /if ?>><label for="f-low">At or under reorder point</label></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="<?cs var:base ?>">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors(base) ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("products", base, "") ?>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-lean t-levels">
  <thead><tr><th>Product</th><th>SKU</th><th>On hand</th><th>Reserved</th><th>Available</th><th>Bin</th></tr></thead>
  <tbody>
<?cs each:l = data.items ?><tr><td><a href="/products/<?cs var:l.id ?>"><?cs var:l.name ?></a><span class="sub"><?cs var:l.manufacturer ?></span><td><code><?cs var:l.sku ?></code><td><?cs var:l.on_hand ?><?cs if:l.unit == "metre" ?> m<?cs /if ?><td><?cs var:l.allocated ?><td><?cs if:#l.available <= #l.reorder_point ?><span class="badge badge-amber"><?cs var:l.available ?> · low</span><?cs else ?><?cs var:l.available ?><?cs /if ?><td><?cs if:l.bin ?><code class="bin"><?cs var:l.bin ?></code><?cs else ?><span class="muted">—</span><?cs /if ?>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("products", "Nothing held here matches.", base) ?>
<?cs elif:data.paged ?><?cs call:empty_end("products") ?>
<?cs else ?> <?cs call:empty_state("inbox", "Nothing held here", "Receive or transfer stock into this location.", "", "") ?>
<?cs /if ?>
</div>
