<?cs
# inventory/product_show.cs: GET /products/:id. data.* is the product
# (sku, manufacturer, model, name, category, description, unit, cost_cents,
# price_cents, labour_minutes, serialised, reorder_point, reorder_qty, tags,
# archived_at, ...) plus on_hand, allocated, available, low, and the lists
# levels (per location), suppliers, allocations (open), moves (latest 10).
# The catalog's structure (sql/042): image_url, is_kit, kit_rollup (one row
# when a kit), accessories, kit_parts, used_in.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/catalog_macros.cs" ?><?cs
 set:pid = data.id ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta">
  <span class="badge badge-neutral"><?cs call:icon("tag") ?><?cs var:data.sku ?></span>
  <span class="muted"><?cs var:data.manufacturer ?> <?cs var:data.model ?></span>
  <span class="badge badge-blue"><?cs var:labels.product_category[data.category] ?></span>
  <?cs if:data.low == "1" ?><?cs call:badge("Low stock", "amber") ?><?cs /if ?>
  <?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?>
 </div>
<?cs call:page_header_actions() ?><?cs
 if:!data.archived_at ?><?cs call:button_link("Quote lines", "/products/" + pid + "/expand", "secondary", "file") ?><?cs /if ?><?cs
 if:can.inventory_write && !data.archived_at && data.is_kit != "1" ?><?cs call:button_link("Move stock", "/stock/moves/new?product_id=" + pid, "secondary", "inbox") ?><?cs /if ?><?cs
 call:archive_actions("/products/" + pid, "Archive this product? It disappears from the catalog; its stock and history stay.") ?><?cs call:page_header_close() ?>

<?cs if:data.archived_at ?><div class="notice notice-warning" role="status"><?cs call:icon("archive") ?><div><p class="notice-title">Archived on <?cs call:date(data.archived_at) ?></p><p>This product is hidden from the catalog and cannot be reserved.<?cs if:can.inventory_write ?> Restore it to sell it again.<?cs /if ?></p></div></div>
<?cs /if ?>
<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Details", "", "", "") ?>
 <div class="card-body">
<?cs if:data.image_url ?>  <img class="product-image" src="<?cs var:data.image_url ?>" alt="<?cs var:data.name ?>" width="320" height="320">
<?cs /if ?>  <dl class="facts">
   <dt>SKU</dt><dd><code><?cs var:data.sku ?></code></dd>
   <?cs call:dl_item("Manufacturer", data.manufacturer) ?>
   <?cs call:dl_item("Model", data.model) ?>
   <dt>Unit</dt><dd><?cs var:labels.product_unit[data.unit] ?></dd>
<?cs if:data.is_kit == "1" ?><?cs each:kr = data.kit_rollup ?>   <dt>Cost</dt><dd><?cs call:money(kr.cost_cents) ?> <span class="muted">(its parts)</span></dd>
   <dt>Price</dt><dd><?cs call:money(kr.price_cents) ?> <span class="muted">(<?cs if:kr.price_rule == "own" ?>its own<?cs else ?>sum of its parts<?cs /if ?>)</span></dd>
   <dt>Labour</dt><dd><?cs call:duration(kr.labour_minutes) ?> <span class="muted">(with its parts)</span></dd>
<?cs /each ?><?cs else ?>   <dt>Cost</dt><dd><?cs call:money(data.cost_cents) ?></dd>
   <dt>Price</dt><dd><?cs call:money(data.price_cents) ?><?cs if:#data.price_cents > 0 ?> <span class="muted">(<?cs var:(#data.price_cents - #data.cost_cents) * 100 / #data.price_cents ?>% margin)</span><?cs /if ?></dd>
   <dt>Labour</dt><dd><?cs call:minutes_as_hours(data.labour_minutes) ?><?cs if:#data.labour_minutes > 0 ?> <span class="muted">per <?cs if:data.unit == "each" ?>unit<?cs else ?><?cs var:data.unit ?><?cs /if ?></span><?cs /if ?></dd>
<?cs /if ?>   <dt>Serialised</dt><dd><?cs if:data.serialised == "1" ?>Yes: each unit has a serial number<?cs else ?>No<?cs /if ?></dd>
   <dt>Reorder</dt><dd><?cs if:#data.reorder_point > 0 ?>at <?cs call:qty(data.reorder_point, data.unit) ?>, order <?cs call:qty(data.reorder_qty, data.unit) ?><?cs else ?><span class="muted">Not reordered automatically</span><?cs /if ?></dd>
   <dt>Updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
  </dl>
<?cs if:subcount(data.tags) ?>  <?cs call:tag_list(data.tags, "") ?>
<?cs /if ?><?cs if:data.description ?>  <p class="notes"><?cs var:data.description ?></p>
<?cs /if ?> </div>
<?cs call:card_close() ?>

<?cs if:can.inventory_write && !data.archived_at ?><?cs call:card_open("Suppliers", subcount(data.suppliers), "Add", "/products/" + pid + "/suppliers/new") ?><?cs
 else ?><?cs call:card_open("Suppliers", subcount(data.suppliers), "", "") ?><?cs /if ?>
<?cs if:subcount(data.suppliers) ?> <ul class="card-list">
<?cs each:s = data.suppliers ?>  <li class="row-item">
   <span class="row-icon"><?cs call:icon("building") ?></span>
   <div class="row-main">
    <p class="row-line"><a class="row-title" href="/product-suppliers/<?cs var:s.id ?>"><?cs var:s.supplier_name ?></a><?cs if:s.preferred == "1" ?> <span class="badge badge-accent"><?cs call:icon("star") ?>Preferred</span><?cs /if ?></p>
    <p class="row-sub"><?cs if:s.supplier_sku ?><?cs var:s.supplier_sku ?> · <?cs /if ?><?cs call:money(s.cost_cents) ?><?cs if:#s.pack_size > 1 ?> · packs of <?cs var:s.pack_size ?><?cs /if ?> · <?cs var:s.lead_time_days ?> days</p>
   </div>
  </li>
<?cs /each ?> </ul>
<?cs else ?> <?cs call:empty_state("building", "No suppliers yet", "Add who sells this product, their SKU and cost.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>
</aside>

<div class="detail-main">
<?cs if:data.is_kit == "1" ?><?cs call:card_open("Kit parts", subcount(data.kit_parts), "Manage the kit", "/products/" + pid + "/kit") ?>
<?cs if:subcount(data.kit_parts) ?> <ul class="card-list">
<?cs each:k = data.kit_parts ?>  <li class="row-item"><span class="row-icon"><?cs call:icon("inbox") ?></span><div class="row-main"><p class="row-line"><a class="row-title" href="<?cs var:k.product_url ?>"><?cs var:k.name ?></a> <span class="muted">× <?cs call:qty(k.qty, k.unit) ?></span><?cs if:k.is_kit == "1" ?> <span class="badge badge-blue">Kit</span><?cs /if ?></p><p class="row-sub"><code><?cs var:k.sku ?></code> · <?cs call:money(k.price_cents) ?> each</p></div></li>
<?cs /each ?> </ul>
<?cs else ?> <div class="card-body"><p class="muted">No parts yet.</p></div>
<?cs /if ?><?cs each:kr = data.kit_rollup ?><div class="card-body"><?cs call:kit_figures(kr, data.price_cents) ?></div><?cs /each ?>
<?cs call:card_close() ?>
<?cs /if ?><?cs call:card_open("Accessories", subcount(data.accessories), "", "") ?>
<?cs if:subcount(data.accessories) ?><?cs call:accessory_rows(pid, data.accessories, can.inventory_write && !data.archived_at) ?><?cs
 else ?> <div class="card-body"><p class="muted">No accessories. Required ones are added with this product on a quote or a project; recommended and optional ones are offered.</p></div>
<?cs /if ?><?cs if:can.inventory_write && !data.archived_at ?><?cs call:accessory_form(pid) ?><?cs /if ?>
<?cs if:subcount(data.used_in) ?> <footer class="card-footer"><p>Used in: <?cs each:u = data.used_in ?><a href="<?cs var:u.url ?>"><?cs var:u.name ?></a> <span class="muted">(<?cs if:u.how == "kit" ?>a part<?cs else ?><?cs var:u.how ?> accessory<?cs /if ?>)</span><?cs if:!last(u) ?>, <?cs /if ?><?cs /each ?></p></footer>
<?cs /if ?><?cs call:card_close() ?>
<?cs if:data.is_kit != "1" && can.inventory_write && !data.archived_at && data.serialised != "1" && #data.on_hand == 0 ?><p class="muted catalog-note">Is this a bundle of other products? <a href="/products/<?cs var:pid ?>/kit">Make it a kit</a>.</p>
<?cs /if ?><?cs if:data.is_kit != "1" ?>
<section class="card">
 <header class="card-header">
  <h2>Stock</h2>
<?cs if:can.inventory_write && !data.archived_at ?>  <div class="card-actions">
   <?cs call:button_link("Receive", "/stock/moves/new?kind=receipt&product_id=" + pid, "ghost sm", "download") ?>
   <?cs call:button_link("Transfer", "/stock/moves/new?kind=transfer&product_id=" + pid, "ghost sm", "outbound") ?>
   <?cs call:button_link("Adjust", "/stock/moves/new?kind=adjustment&product_id=" + pid, "ghost sm", "edit") ?>
  </div>
<?cs /if ?> </header>
<?cs if:subcount(data.levels) ?> <p class="stock-summary"><strong><?cs call:qty(data.on_hand, data.unit) ?></strong> on hand · <strong><?cs var:data.allocated ?></strong> reserved · <strong><?cs var:data.available ?></strong> available<?cs if:data.low == "1" ?> <span class="badge badge-amber">At or under the reorder point</span><?cs /if ?></p>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Location</th><th scope="col" class="num">On hand</th><th scope="col" class="num">Reserved</th><th scope="col" class="num">Available</th><th scope="col">Bin</th></tr></thead>
  <tbody>
<?cs each:l = data.levels ?>   <tr><td data-label="Location" class="cell-primary"><a href="/locations/<?cs var:l.location_id ?>/stock"><?cs var:l.location_name ?></a> <span class="muted"><?cs var:labels.location_kind[l.kind] ?></span></td><td data-label="On hand" class="num"><?cs var:l.on_hand ?></td><td data-label="Reserved" class="num"><?cs var:l.allocated ?></td><td data-label="Available" class="num"><?cs var:l.available ?></td><td data-label="Bin"><?cs if:l.bin ?><code class="bin"><?cs var:l.bin ?></code><?cs else ?><span class="muted">—</span><?cs /if ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?> <?cs call:empty_state("inbox", "No stock anywhere", "Receive a delivery to put this product on a shelf or in a van.", "", "") ?>
<?cs /if ?><?cs if:can.inventory_write && !data.archived_at && subcount(data.bins) ?> <details class="bin-edit">
  <summary>Bins: where it sits in each location</summary>
  <p class="muted">A shelf label such as A3-02 (letters, digits and . / -). Leave it empty to remove the bin.</p>
<?cs each:b = data.bins ?>  <form method="post" action="/products/<?cs var:pid ?>/bins" class="inline-form bin-form"><?cs call:csrf_field() ?><?cs call:hidden_field("location_id", b.location_id) ?><?cs call:hidden_field("version", b.version) ?><label for="bin-<?cs var:b.location_id ?>"><?cs var:b.location_name ?> <span class="muted"><?cs var:labels.location_kind[b.kind] ?></span></label><input class="input input-sm" id="bin-<?cs var:b.location_id ?>" name="bin" type="text" value="<?cs var:b.bin ?>" maxlength="20" autocomplete="off" placeholder="e.g. A3-02"><button type="submit" class="btn btn-sm">Set</button></form>
<?cs /each ?> </details>
<?cs /if ?></section>

<?cs if:data.serialised == "1" ?><section class="card">
 <header class="card-header"><h2>Serials in stock</h2><div class="card-actions"><?cs call:button_link("All serials", "/serials?product_id=" + pid, "ghost sm", "search") ?></div></header>
<?cs if:subcount(data.serials) ?> <ul class="card-list">
<?cs each:l = data.serials ?>  <li class="row-item">
   <span class="row-icon"><?cs call:icon("inbox") ?></span>
   <div class="row-main">
    <p class="row-line"><a class="row-title" href="/serials?product_id=<?cs var:pid ?>&amp;location_id=<?cs var:l.location_id ?>"><?cs var:l.location_name ?></a> <span class="muted"><?cs var:l.count ?> unit<?cs if:l.count != "1" ?>s<?cs /if ?></span></p>
    <ul class="tags"><?cs each:s = l.serials ?><li><a href="/serials/<?cs var:s.id ?>"><?cs var:s.serial ?><?cs if:s.state == "allocated" ?> (reserved)<?cs /if ?></a></li><?cs /each ?><?cs if:#l.count > subcount(l.serials) ?><li><a href="/serials?product_id=<?cs var:pid ?>&amp;location_id=<?cs var:l.location_id ?>">and <?cs var:#l.count - subcount(l.serials) ?> more</a></li><?cs /if ?></ul>
   </div>
  </li>
<?cs /each ?> </ul>
<?cs else ?> <div class="card-body"><p class="muted">None in stock. Each unit received gets its serial on the receipt.</p></div>
<?cs /if ?></section>

<?cs /if ?><section class="card">
 <header class="card-header"><h2>Reserved for projects and tickets <span class="count"><?cs var:subcount(data.allocations) ?></span></h2></header>
<?cs if:subcount(data.allocations) ?> <ul class="card-list">
<?cs each:a = data.allocations ?>  <li class="row-item">
   <span class="row-icon"><?cs call:icon("calendar") ?></span>
   <div class="row-main">
    <p class="row-line"><a class="row-title" href="/allocations/<?cs var:a.id ?>"><?cs var:labels.doc_type[a.doc_type] ?> #<?cs var:a.doc_id ?></a> <span class="muted"><?cs call:qty(a.qty, data.unit) ?> reserved at <?cs var:a.location_name ?><?cs if:#a.consumed > 0 ?>, <?cs var:a.consumed ?> used<?cs /if ?></span></p>
<?cs if:can.inventory_write ?>    <div class="inline-forms">
     <?cs if:data.serialised == "1" ?><form method="post" action="/allocations/<?cs var:a.id ?>/consume" class="inline-form"><?cs call:csrf_field() ?><label class="visually-hidden" for="c-<?cs var:a.id ?>">Serials used</label><input class="input input-sm" id="c-<?cs var:a.id ?>" name="serials" type="text" placeholder="Serials used" autocomplete="off"><button type="submit" class="btn btn-sm">Use</button></form>
     <form method="post" action="/allocations/<?cs var:a.id ?>/release" class="inline-form"><?cs call:csrf_field() ?><label class="visually-hidden" for="r-<?cs var:a.id ?>">Serials released</label><input class="input input-sm" id="r-<?cs var:a.id ?>" name="serials" type="text" placeholder="Serials released" autocomplete="off"><button type="submit" class="btn btn-ghost btn-sm">Release</button></form><?cs
     else ?><form method="post" action="/allocations/<?cs var:a.id ?>/consume" class="inline-form"><?cs call:csrf_field() ?><label class="visually-hidden" for="c-<?cs var:a.id ?>">Quantity used</label><input class="input input-sm" id="c-<?cs var:a.id ?>" name="qty" type="number" min="1" max="<?cs var:a.qty ?>" value="<?cs var:a.qty ?>"><button type="submit" class="btn btn-sm">Use</button></form>
     <form method="post" action="/allocations/<?cs var:a.id ?>/release" class="inline-form"><?cs call:csrf_field() ?><label class="visually-hidden" for="r-<?cs var:a.id ?>">Quantity released</label><input class="input input-sm" id="r-<?cs var:a.id ?>" name="qty" type="number" min="1" max="<?cs var:a.qty ?>" value="<?cs var:a.qty ?>"><button type="submit" class="btn btn-ghost btn-sm">Release</button></form><?cs /if ?>
    </div>
<?cs /if ?>   </div>
  </li>
<?cs /each ?> </ul>
<?cs else ?> <div class="card-body"><p class="muted">Nothing reserved.</p></div>
<?cs /if ?><?cs if:can.inventory_write && !data.archived_at && subcount(data.levels) ?> <form class="reserve-form" method="post" action="/allocations" aria-labelledby="reserve-title">
  <?cs call:csrf_field() ?><?cs call:hidden_field("product_id", pid) ?>
  <p class="reserve-title" id="reserve-title">Reserve for a job</p>
  <div class="field"><label for="f-location_id">From</label><span class="select"><select class="input" id="f-location_id" name="location_id"><?cs each:l = data.levels ?><?cs if:#l.available > 0 ?><option value="<?cs var:l.location_id ?>"><?cs var:l.location_name ?> (<?cs var:l.available ?>)</option><?cs /if ?><?cs /each ?></select></span></div>
<?cs if:data.serialised == "1" ?>  <div class="field"><label for="f-serials">Serials</label><input class="input" id="f-serials" name="serials" type="text" autocomplete="off" placeholder="e.g. SN1001, SN1002"></div>
<?cs else ?>  <div class="field"><label for="f-qty">Quantity</label><input class="input" id="f-qty" name="qty" type="number" min="1" value="1"></div>
<?cs /if ?>
  <div class="field"><label for="f-doc_type">For</label><span class="select"><select class="input" id="f-doc_type" name="doc_type"><?cs call:options("doc_type", "project") ?></select></span></div>
  <div class="field"><label for="f-doc_id">Number</label><input class="input" id="f-doc_id" name="doc_id" type="number" min="1" placeholder="e.g. 1042"></div>
  <button type="submit" class="btn btn-primary">Reserve</button>
 </form>
<?cs /if ?></section>

<section class="card">
 <header class="card-header"><h2>Latest moves</h2></header>
<?cs if:subcount(data.moves) ?> <ul class="card-list">
<?cs each:m = data.moves ?>  <li class="row-item">
   <span class="row-icon"><?cs if:m.kind == "receipt" || m.kind == "return" ?><?cs call:icon("inbound") ?><?cs elif:m.kind == "transfer" ?><?cs call:icon("outbound") ?><?cs else ?><?cs call:icon("clock") ?><?cs /if ?></span>
   <div class="row-main">
    <p class="row-line"><span class="row-title"><?cs var:labels.stock_move_kind[m.kind] ?> · <?cs call:qty(m.qty, data.unit) ?></span> <span class="muted"><?cs if:m.from_name ?>from <?cs var:m.from_name ?> <?cs /if ?><?cs if:m.to_name ?>to <?cs var:m.to_name ?><?cs /if ?></span></p>
    <p class="row-sub"><?cs call:datetime(m.at) ?><?cs if:m.user_name ?> · <?cs var:m.user_name ?><?cs /if ?><?cs if:m.doc_type ?> · <?cs var:m.doc_type ?><?cs if:m.doc_id ?> #<?cs var:m.doc_id ?><?cs /if ?><?cs /if ?><?cs if:m.doc_ref ?> · <?cs var:m.doc_ref ?><?cs /if ?><?cs if:m.reason ?> · <?cs var:m.reason ?><?cs /if ?></p>
   </div>
  </li>
<?cs /each ?> </ul>
 <footer class="card-footer"><a href="/stock/moves?product_id=<?cs var:pid ?>">The whole ledger of this product<?cs call:icon("chevron-right") ?></a></footer>
<?cs else ?> <?cs call:empty_state("clock", "No stock moves yet", "", "", "") ?>
<?cs /if ?></section>
<?cs else ?><section class="card"><header class="card-header"><h2>Stock</h2></header><div class="card-body"><p class="muted">A kit is not stocked: receive, move and reserve its parts. Adding it to a quote or a project adds its parts.</p></div></section>
<?cs /if ?></div>
</div>
