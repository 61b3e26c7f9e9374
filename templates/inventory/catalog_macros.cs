<?cs
# inventory/catalog_macros.cs: the catalog's structure on a product's
# pages (product_show.cs, accessories.cs, kit.cs). Include after
# inventory/macros.cs.
# accessory_kind(kind): a badge: Required / Recommended / Optional.
# accessory_rows(pid, list, can_edit): the accessories as rows, each with
#   a Remove button when can_edit.
# accessory_form(pid): add or change an accessory (SKU, kind, quantity).
# duration(m): minutes as "45 min", "3 h", "6 h 10 min"; "—" for 0.
# kit_figures(k, own_price): the roll-up of a kit (k: kit_rollup row): parts' cost,
#   price and labour, its own price and which one it sells at.
?><?cs def:duration(m) ?><?cs if:#m >= 60 ?><?cs var:#m / 60 ?> h<?cs if:#m % 60 ?> <?cs var:#m % 60 ?> min<?cs /if ?><?cs
 elif:#m > 0 ?><?cs var:m ?> min<?cs else ?><span class="muted">—</span><?cs /if ?><?cs /def ?><?cs

def:accessory_kind(kind) ?><?cs if:kind == "required" ?><span class="badge badge-accent">Required</span><?cs
 elif:kind == "recommended" ?><span class="badge badge-blue">Recommended</span><?cs
 else ?><span class="badge badge-neutral">Optional</span><?cs /if ?><?cs /def ?><?cs

def:accessory_rows(pid, list, can_edit) ?> <ul class="card-list">
<?cs each:a = list ?>  <li class="row-item">
   <span class="row-icon"><?cs call:icon("tag") ?></span>
   <div class="row-main">
    <p class="row-line"><a class="row-title" href="<?cs var:a.product_url ?>"><?cs var:a.name ?></a> <?cs call:accessory_kind(a.kind) ?><?cs if:a.archived == "1" ?> <span class="badge badge-amber">Archived</span><?cs /if ?></p>
    <p class="row-sub"><code><?cs var:a.sku ?></code> · <?cs var:a.qty ?> per unit · <?cs call:money(a.price_cents) ?></p>
   </div>
<?cs if:can_edit ?>   <?cs call:post_button("/products/" + pid + "/accessories/" + a.id, "DELETE", "Remove", "ghost sm", "", "") ?>
<?cs /if ?>  </li>
<?cs /each ?> </ul>
<?cs /def ?><?cs

def:accessory_form(pid) ?> <form class="catalog-form" method="post" action="/products/<?cs var:pid ?>/accessories" aria-labelledby="acc-title">
  <?cs call:csrf_field() ?>
  <p class="catalog-form-title" id="acc-title">Add an accessory</p>
  <div class="field<?cs if:errors.accessory_sku || errors.accessory_id ?> has-error<?cs /if ?>"><label for="f-accessory_sku">SKU</label><input class="input" id="f-accessory_sku" name="accessory_sku" type="text" autocomplete="off" value="<?cs var:form.accessory_sku ?>" placeholder="e.g. MTW-TILT-L"<?cs if:errors.accessory_sku || errors.accessory_id ?> aria-invalid="true" aria-describedby="e-accessory"<?cs /if ?>><?cs if:errors.accessory_sku || errors.accessory_id ?><p class="field-error" id="e-accessory"><?cs call:icon("alert") ?><span><?cs var:errors.accessory_sku ?><?cs var:errors.accessory_id ?></span></p><?cs /if ?></div>
  <?cs set:akind = "recommended" ?><?cs if:form.kind ?><?cs set:akind = form.kind ?><?cs /if ?><div class="field"><label for="f-kind">Kind</label><span class="select"><select class="input" id="f-kind" name="kind"><?cs call:option("required", "Required", akind) ?><?cs call:option("recommended", "Recommended", akind) ?><?cs call:option("optional", "Optional", akind) ?></select></span></div>
  <div class="field<?cs if:errors.qty ?> has-error<?cs /if ?>"><label for="f-acc-qty">Per unit</label><input class="input" id="f-acc-qty" name="qty" type="number" min="1" max="10000" value="<?cs if:form.qty ?><?cs var:form.qty ?><?cs else ?>1<?cs /if ?>"><?cs if:errors.qty ?><p class="field-error"><?cs call:icon("alert") ?><span><?cs var:errors.qty ?></span></p><?cs /if ?></div>
  <button type="submit" class="btn btn-primary">Add</button>
 </form>
<?cs /def ?><?cs

def:kit_figures(k, own_price) ?> <dl class="facts kit-figures">
  <dt>Parts cost</dt><dd><?cs call:money(k.parts_cost_cents) ?></dd>
  <dt>Parts price</dt><dd><?cs call:money(k.parts_price_cents) ?><?cs if:k.price_rule == "sum" ?> <span class="badge badge-accent">Sells at this</span><?cs /if ?></dd>
  <dt>Own price</dt><dd><?cs call:money(own_price) ?><?cs if:k.price_rule == "own" ?> <span class="badge badge-accent">Sells at this</span><?cs /if ?></dd>
  <dt>Labour</dt><dd><?cs call:duration(k.labour_minutes) ?> <span class="muted">(parts <?cs call:duration(k.parts_labour_minutes) ?> + kit <?cs call:duration(k.own_labour_minutes) ?>)</span></dd>
  <dt>Margin</dt><dd><?cs if:#k.price_cents > 0 ?><?cs call:money(#k.price_cents - #k.cost_cents) ?> <span class="muted">(<?cs var:(#k.price_cents - #k.cost_cents) * 100 / #k.price_cents ?>%)</span><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
 </dl>
<?cs /def ?>
