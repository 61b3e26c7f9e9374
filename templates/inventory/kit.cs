<?cs
# inventory/kit.cs: GET /products/:id/kit, and its forms again with their
# messages. data.* is the kit: product_id, sku, name, unit, archived_at,
# own_cost_cents, own_price_cents, own_labour_minutes, is_kit,
# price_rule, version, parts (id, part_id, sku, name, unit, qty,
# cost_cents, price_cents, labour_minutes, archived, is_kit,
# product_url), rollup (kit_rollup's row).
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/catalog_macros.cs" ?><?cs
 set:pid = data.product_id ?><?cs call:page_header_open("Kit: " + data.name) ?>
 <div class="page-meta"><span class="badge badge-neutral"><?cs call:icon("tag") ?><?cs var:data.sku ?></span><?cs if:data.is_kit == "1" ?><span class="badge badge-blue"><?cs var:subcount(data.parts) ?> parts</span><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs call:button_link("Back to the product", "/products/" + pid, "secondary", "") ?><?cs
 if:data.is_kit == "1" ?><?cs call:button_link("Quote lines", "/products/" + pid + "/expand", "secondary", "file") ?><?cs /if ?><?cs call:page_header_close() ?>
<?cs call:conflict_notice("kit") ?><?cs call:error_summary() ?>
<?cs if:data.is_kit != "1" ?>
<section class="card">
 <div class="card-body">
  <p>A kit is a product made of other products (a receiver, two speakers and their wall plates) with its own extra labour. Its cost, price and labour roll up from its parts; adding it to a quote or a project adds its parts. A kit is not stocked: its parts are.</p>
<?cs if:can.inventory_write && !data.archived_at ?>  <form class="inline-form" method="post" action="/products/<?cs var:pid ?>/kit"><?cs call:csrf_field() ?><?cs call:hidden_field("price_rule", "sum") ?><button type="submit" class="btn btn-primary">Make this product a kit</button></form>
<?cs /if ?> </div>
</section>
<?cs else ?>
<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Roll-up", "", "", "") ?>
 <div class="card-body">
<?cs call:kit_figures(data.rollup, data.own_price_cents) ?>
<?cs if:can.inventory_write ?>  <form class="kit-rule" method="post" action="/products/<?cs var:pid ?>/kit">
   <?cs call:csrf_field() ?><?cs call:hidden_field("version", data.version) ?>
   <fieldset><legend>The kit sells at</legend>
    <label class="radio"><input type="radio" name="price_rule" value="sum"<?cs if:data.price_rule == "sum" ?> checked<?cs /if ?>> the sum of its parts' prices</label>
    <label class="radio"><input type="radio" name="price_rule" value="own"<?cs if:data.price_rule == "own" ?> checked<?cs /if ?>> its own price (<?cs call:money(data.own_price_cents) ?>, set on the product)</label>
   </fieldset>
   <button type="submit" class="btn btn-sm">Save</button>
  </form>
<?cs /if ?> </div>
<?cs call:card_close() ?>
</aside>
<div class="detail-main">
<?cs call:card_open("Parts", subcount(data.parts), "", "") ?>
<?cs if:subcount(data.parts) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack t-kit">
  <thead><tr><th scope="col">Part</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Price</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Labour</th><?cs if:can.inventory_write ?><th scope="col"><span class="visually-hidden">Change</span></th><?cs /if ?></tr></thead>
  <tbody>
<?cs each:p = data.parts ?>   <tr><td data-label="Part" class="cell-primary"><a href="<?cs var:p.product_url ?>"><?cs var:p.name ?></a> <code><?cs var:p.sku ?></code><?cs if:p.is_kit == "1" ?> <span class="badge badge-blue">Kit</span><?cs /if ?><?cs if:p.archived == "1" ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Qty" class="num"><?cs call:qty(p.qty, p.unit) ?></td><td data-label="Price" class="num"><?cs call:money(p.price_cents) ?></td><td data-label="Cost" class="num"><?cs call:money(p.cost_cents) ?></td><td data-label="Labour" class="num"><?cs call:duration(p.labour_minutes) ?></td><?cs if:can.inventory_write ?><td class="cell-actions"><form class="inline-form" method="post" action="/products/<?cs var:pid ?>/kit/parts"><?cs call:csrf_field() ?><?cs call:hidden_field("part_id", p.part_id) ?><label class="visually-hidden" for="q-<?cs var:p.id ?>">Quantity of <?cs var:p.sku ?></label><input class="input input-sm" id="q-<?cs var:p.id ?>" name="qty" type="number" min="1" max="10000" value="<?cs var:p.qty ?>"><button type="submit" class="btn btn-ghost btn-sm">Set</button></form><?cs call:post_button("/products/" + pid + "/kit/parts/" + p.id, "DELETE", "Remove", "ghost sm", "", "") ?></td><?cs /if ?></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?> <?cs call:empty_state("inbox", "No parts yet", "Add the products this kit is made of.", "", "") ?>
<?cs /if ?><?cs if:can.inventory_write ?> <form class="catalog-form" method="post" action="/products/<?cs var:pid ?>/kit/parts" aria-labelledby="part-title">
  <?cs call:csrf_field() ?>
  <p class="catalog-form-title" id="part-title">Add a part</p>
  <div class="field<?cs if:errors.part_sku || errors.part_id ?> has-error<?cs /if ?>"><label for="f-part_sku">SKU</label><input class="input" id="f-part_sku" name="part_sku" type="text" autocomplete="off" value="<?cs var:form.part_sku ?>" placeholder="e.g. AUR-AMP-2"<?cs if:errors.part_sku || errors.part_id ?> aria-invalid="true" aria-describedby="e-part"<?cs /if ?>><?cs if:errors.part_sku || errors.part_id ?><p class="field-error" id="e-part"><?cs call:icon("alert") ?><span><?cs var:errors.part_sku ?><?cs var:errors.part_id ?></span></p><?cs /if ?></div>
  <div class="field<?cs if:errors.qty ?> has-error<?cs /if ?>"><label for="f-part-qty">Quantity</label><input class="input" id="f-part-qty" name="qty" type="number" min="1" max="10000" value="<?cs if:form.qty ?><?cs var:form.qty ?><?cs else ?>1<?cs /if ?>"><?cs if:errors.qty ?><p class="field-error"><?cs call:icon("alert") ?><span><?cs var:errors.qty ?></span></p><?cs /if ?></div>
  <button type="submit" class="btn btn-primary">Add part</button>
 </form>
<?cs /if ?><?cs if:can.inventory_write && subcount(data.parts) == 0 ?> <div class="card-body"><?cs call:post_button("/products/" + pid + "/kit", "DELETE", "This is not a kit", "ghost sm", "", "") ?><?cs if:errors.parts ?><p class="field-error"><?cs var:errors.parts ?></p><?cs /if ?></div>
<?cs /if ?><?cs call:card_close() ?>
</div>
</div>
<?cs /if ?>
