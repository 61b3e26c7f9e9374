<?cs
# inventory/products_list.cs: GET /products. data.items (rendered by
# inventory/products_row.cs into rendered.items), data.next, data.q,
# data.category, data.manufacturer, data.supplier_id, data.suppliers (the
# filter's choices), data.low, data.archived, data.sort, data.sorts. A plain GET filter form; hearth.js refreshes #results live.
?><?cs set:list.q = data.q ?><?cs set:list.category = data.category ?><?cs set:list.manufacturer = data.manufacturer ?><?cs
 set:list.supplier_id = data.supplier_id ?><?cs
 set:list.low = data.low ?><?cs set:list.archived = data.archived ?><?cs set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.category || data.manufacturer || data.supplier_id || data.low || data.archived == "1" ?><?cs
 if:can.inventory_write ?><?cs call:page_header("Products", "New product", "/products/new") ?><?cs
 else ?><?cs call:page_header("Products", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/products" role="search" aria-label="Filter products" data-live-search>
<?cs call:list_search("SKU, maker, model, name…") ?><div class="filter"><label for="f-category">Category</label><span class="select"><select class="input" id="f-category" name="category"><option value="">All categories</option><?cs call:options("product_category", data.category) ?></select></span></div>
<div class="filter"><label for="f-manufacturer">Manufacturer</label><input class="input" id="f-manufacturer" type="text" name="manufacturer"<?cs if:data.manufacturer ?> value="<?cs var:data.manufacturer ?>"<?cs /if ?> placeholder="e.g. Lumora" autocomplete="off"></div>
<?cs if:subcount(data.suppliers) ?><div class="filter"><label for="f-supplier_id">Supplier</label><span class="select"><select class="input" id="f-supplier_id" name="supplier_id"><option value="">Any supplier</option><?cs each:o = data.suppliers ?><?cs call:option(o.id, o.name, data.supplier_id) ?><?cs /each ?></select></span></div>
<?cs /if ?><div class="filter filter-check"><input class="checkbox" type="checkbox" id="f-low" name="low" value="1"<?cs if:data.low == "1" ?> checked<?cs /if ?>><label for="f-low">Low stock</label></div>
<?cs call:list_sort("Sort") ?><?cs call:list_filter_end("/products") ?>
</form>
<?cs call:list_errors("/products") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("products", "/products", "") ?><p class="catalog-export"><a href="/products/export" download><?cs call:icon("download") ?>The whole catalog as CSV</a><?cs if:can.inventory_write ?> · <a href="/products/imports">Import a price list</a><?cs /if ?></p>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-lean t-products">
  <thead>
   <tr><?cs call:sort_header("Product", "name", data.sort, list) ?><?cs call:sort_header("SKU", "sku", data.sort, list) ?><th>Category</th><th class="num">Price</th><th class="num">On hand</th><th class="num">Available</th></tr>
  </thead>
  <tbody>
<?cs uvar:rendered.items ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?><?cs # the notice above says why there is no list ?>
<?cs elif:filtered ?><?cs call:empty_filtered("products", "Try another search or category, or clear the filters to see the whole catalog.", "/products") ?>
<?cs elif:data.paged ?><?cs call:empty_end("products") ?>
<?cs elif:can.inventory_write ?>
 <?cs call:empty_state("tag", "No products yet", "The catalog holds what you sell and install, with its cost, price, labour and stock.", "Add your first product", "/products/new") ?>
<?cs else ?>
 <?cs call:empty_state("tag", "No products yet", "Once your team adds products, they appear here.", "", "") ?>
<?cs /if ?>
</div>
