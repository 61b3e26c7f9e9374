<?cs
# inventory/product_suppliers_list.cs: GET /products/:id/suppliers
# (data.product.{id,name,archived_at}). data.items, data.next, data.archived.
?><?cs include:"inventory/macros.cs" ?><?cs set:base = "/products/" + data.product.id + "/suppliers" ?><?cs
 set:list.archived = data.archived ?><?cs set:filtered = data.archived == "1" ?><?cs
 call:page_header_open("Suppliers") ?>
 <p class="page-meta">of <a href="/products/<?cs var:data.product.id ?>"><?cs var:data.product.name ?></a></p><?cs
 call:page_header_actions() ?><?cs
 if:can.inventory_write && !data.product.archived_at ?><?cs call:button_link("Add supplier", base + "/new", "primary", "plus") ?><?cs /if ?><?cs
 call:page_header_close() ?>
<?cs call:list_errors(base) ?>
<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("suppliers", base, "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Supplier</th><th scope="col">Their SKU</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Pack</th><th scope="col" class="num">Lead time</th></tr></thead>
  <tbody>
<?cs each:s = data.items ?>   <tr<?cs if:s.archived_at ?> class="is-archived"<?cs /if ?>><td data-label="Supplier" class="cell-primary"><a href="/product-suppliers/<?cs var:s.id ?>"><?cs var:s.supplier_name ?></a><?cs if:s.preferred == "1" ?> <span class="badge badge-accent">Preferred</span><?cs /if ?><?cs if:s.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Their SKU"><?cs var:s.supplier_sku ?></td><td data-label="Cost" class="num"><?cs call:money(s.cost_cents) ?></td><td data-label="Pack" class="num"><?cs var:s.pack_size ?></td><td data-label="Lead time" class="num"><?cs var:s.lead_time_days ?> days</td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:data.paged ?><?cs call:empty_end("suppliers") ?>
<?cs else ?> <?cs call:empty_state("building", "No suppliers for this product", "", "", "") ?>
<?cs /if ?>
</div>
