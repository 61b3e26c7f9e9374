<?cs
# inventory/price_changes.cs: GET /products/imports/:id/changes: what an
# applied price list changed. data.import (id, status, file_name,
# supplier_name, applied_at), data.counts (created, costs_changed,
# prices_changed), data.items (line_no, product_id, sku, name, created,
# old_cost_cents, new_cost_cents, old_price_cents, new_price_cents,
# supplier_new: the supplier sold it not before, product_url), data.next (a line number).
?><?cs include:"inventory/macros.cs" ?><?cs
 set:base = "/products/imports/" + data.import.id ?><?cs call:page_header_open("Price changes") ?>
 <p class="page-meta"><span class="badge badge-neutral">Supplier: <?cs var:data.import.supplier_name ?></span> <span class="muted"><?cs var:data.import.file_name ?><?cs if:data.import.applied_at ?> · applied <?cs call:datetime(data.import.applied_at) ?><?cs /if ?></span></p>
<?cs call:page_header_actions() ?><?cs call:button_link("CSV", base + "/changes?format=csv", "ghost", "download") ?><?cs call:button_link("The import", base, "secondary", "") ?><?cs call:page_header_close() ?>
<ul class="import-counts price-counts">
 <li><strong><?cs var:data.counts.created ?></strong> products created</li>
 <li><strong><?cs var:data.counts.costs_changed ?></strong> supplier costs changed</li>
 <li><strong><?cs var:data.counts.prices_changed ?></strong> list prices changed</li>
</ul>
<?cs if:subcount(data.items) ?><section class="card">
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack t-changes">
  <thead><tr><th scope="col">Line</th><th scope="col">Product</th><th scope="col" class="num">Supplier cost</th><th scope="col" class="num">List price</th></tr></thead>
  <tbody>
<?cs each:c = data.items ?>   <tr><td data-label="Line" class="muted"><?cs var:c.line_no ?></td><td data-label="Product" class="cell-primary"><a href="<?cs var:c.product_url ?>"><?cs var:c.name ?></a> <code><?cs var:c.sku ?></code><?cs if:c.created == "1" ?> <span class="badge badge-green">New</span><?cs /if ?></td><td data-label="Supplier cost" class="num"><?cs set:was_cost = c.created != "1" && c.supplier_new != "1" ?><?cs if:was_cost && c.old_cost_cents != c.new_cost_cents ?><span class="muted"><?cs call:money(c.old_cost_cents) ?> →</span> <?cs /if ?><?cs call:money(c.new_cost_cents) ?><?cs if:c.created != "1" && c.supplier_new == "1" ?> <span class="badge badge-blue">new supplier</span><?cs /if ?><?cs if:was_cost && #c.new_cost_cents > #c.old_cost_cents ?> <span class="badge badge-amber">up</span><?cs elif:was_cost && #c.new_cost_cents < #c.old_cost_cents ?> <span class="badge badge-green">down</span><?cs /if ?></td><td data-label="List price" class="num"><?cs if:c.created != "1" && c.old_price_cents != c.new_price_cents ?><span class="muted"><?cs call:money(c.old_price_cents) ?> →</span> <?cs /if ?><?cs call:money(c.new_price_cents) ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs if:data.next ?> <footer class="card-footer"><a href="<?cs var:base ?>/changes?after=<?cs var:url_escape(data.next) ?>">Next changes<?cs call:icon("chevron-right") ?></a></footer>
<?cs /if ?></section>
<?cs elif:data.import.status == "applied" ?><?cs call:empty_state("check", "Nothing changed", "Every cost and price in the file was the same as the catalog's.", "", "") ?>
<?cs else ?><?cs call:empty_state("clock", "Not applied yet", "The changes show here once the price list is applied.", "", "") ?>
<?cs /if ?>
