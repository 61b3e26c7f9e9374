<?cs
# inventory/supplier_show.cs: GET /suppliers/:id. data.* the supplier and data.products.
?><?cs include:"inventory/macros.cs" ?><?cs set:sid = data.id ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta"><?cs if:data.account_number ?><span class="badge badge-neutral">Account <?cs var:data.account_number ?></span><?cs /if ?><?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs call:archive_actions("/suppliers/" + sid, "Archive this supplier? It can no longer be chosen for products.") ?><?cs call:page_header_close() ?>

<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Contact", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <?cs call:dl_item("Contact", data.contact_name) ?>
   <dt>Email</dt><dd><?cs if:data.email ?><a href="mailto:<?cs var:data.email ?>"><?cs var:data.email ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Phone</dt><dd><?cs if:data.phone ?><a href="tel:<?cs var:data.phone ?>"><?cs var:data.phone ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <?cs call:dl_item("Website", data.website) ?>
   <?cs call:dl_item("Payment terms", data.payment_terms) ?>
   <dt>Lead time</dt><dd><?cs var:data.lead_time_days ?> days</dd>
   <?cs call:dl_item("Address", data.address) ?>
  </dl>
<?cs if:data.notes ?>  <p class="notes"><?cs var:data.notes ?></p>
<?cs /if ?> </div>
<?cs call:card_close() ?>
</aside>
<div class="detail-main">
<?cs call:card_open("Products bought here", subcount(data.products), "", "") ?>
<?cs if:subcount(data.products) ?> <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Product</th><th scope="col">Their SKU</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Pack</th></tr></thead>
  <tbody>
<?cs each:p = data.products ?>   <tr><td data-label="Product" class="cell-primary"><a href="/products/<?cs var:p.product_id ?>"><?cs var:p.name ?></a> <span class="muted"><?cs var:p.sku ?></span><?cs if:p.preferred == "1" ?> <span class="badge badge-accent">Preferred</span><?cs /if ?></td><td data-label="Their SKU"><?cs var:p.supplier_sku ?></td><td data-label="Cost" class="num"><?cs call:money(p.cost_cents) ?></td><td data-label="Pack" class="num"><?cs var:p.pack_size ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?> <?cs call:empty_state("tag", "No products from this supplier yet", "Add a supplier on a product's page.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>
</div>
</div>
