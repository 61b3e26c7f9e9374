<?cs
# inventory/expand.cs: GET /products/:id/expand: the lines adding the
# product brings to a quote or a project. data.product, data.qty,
# data.explode, data.lines (line, role, sku, name, qty, offer,
# unit_cost_cents, unit_price_cents, unit_labour_minutes, list_price_cents),
# data.totals.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/catalog_macros.cs" ?><?cs
 set:pid = data.product.id ?><?cs call:page_header_open("Add " + data.product.name) ?>
 <div class="page-meta"><span class="badge badge-neutral"><?cs call:icon("tag") ?><?cs var:data.product.sku ?></span><span class="muted">What adding it to a quote or a project brings</span></div>
<?cs call:page_header_actions() ?><?cs call:button_link("Back to the product", "/products/" + pid, "secondary", "") ?><?cs call:page_header_close() ?>
<?cs call:error_summary() ?>
<form class="filters" method="get" action="/products/<?cs var:pid ?>/expand">
 <div class="filter<?cs if:errors.qty ?> has-error<?cs /if ?>"><label for="f-qty">Quantity</label><input class="input" id="f-qty" name="qty" type="number" min="1" max="1000000" value="<?cs if:form.qty ?><?cs var:form.qty ?><?cs else ?><?cs var:data.qty ?><?cs /if ?>"></div>
<?cs if:subcount(data.product.kit_rollup) ?> <div class="filter"><label for="f-explode">A kit</label><span class="select"><select class="input" id="f-explode" name="explode"><?cs call:option("1", "Its parts", data.explode) ?><?cs call:option("0", "Whole", data.explode) ?></select></span></div>
<?cs /if ?> <div class="filter-actions"><button type="submit" class="btn">Show</button></div>
</form>
<?cs if:subcount(data.lines) ?>
<section class="card">
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack t-expand">
  <thead><tr><th scope="col">Line</th><th scope="col">Product</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Unit cost</th><th scope="col" class="num">Labour</th></tr></thead>
  <tbody>
<?cs each:l = data.lines ?>   <tr<?cs if:l.offer == "1" ?> class="is-offer"<?cs /if ?>><td data-label="Line"><?cs if:l.role == "product" ?>Product<?cs elif:l.role == "kit" ?>Kit<?cs elif:l.role == "part" ?>Part<?cs else ?><?cs call:accessory_kind(l.role) ?><?cs /if ?></td><td data-label="Product" class="cell-primary"><a href="<?cs var:l.product_url ?>"><?cs var:l.name ?></a> <code><?cs var:l.sku ?></code><?cs if:l.archived == "1" ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Qty" class="num"><?cs call:qty(l.qty, l.unit) ?></td><td data-label="Unit price" class="num"><?cs if:l.role == "kit" && #l.unit_price_cents == 0 ?><span class="muted">its parts</span><?cs elif:#l.unit_price_cents == 0 && #l.list_price_cents > 0 ?><span class="muted">in the kit</span><?cs else ?><?cs call:money(l.unit_price_cents) ?><?cs /if ?></td><td data-label="Unit cost" class="num"><?cs call:money(l.unit_cost_cents) ?></td><td data-label="Labour" class="num"><?cs call:duration(l.unit_labour_minutes) ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <footer class="card-footer"><p>Added lines: <strong><?cs call:money(data.totals.price_cents) ?></strong> · cost <?cs call:money(data.totals.cost_cents) ?> · labour <?cs call:duration(data.totals.labour_minutes) ?><span class="muted"> (offers apart)</span></p></footer>
</section>
<?cs /if ?>
