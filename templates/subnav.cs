<?cs
# subnav.cs: a family's own navigation, shown under the top bar on its
# pages (layout.cs includes this file once). A family declares its entries
# in one block below, chosen by page.family (the responder's family), with
# one subnav_item(href, label) line each: href is the list the entry opens
# and the first path segment it owns. The entry that owns req.path is
# marked: aria-current="page" on the list itself, "true" on a page inside.
?><?cs def:subnav_item(href, label) ?><li><a href="<?cs var:href ?>"<?cs
 if:req.path == href ?> aria-current="page"<?cs
 elif:string.slice(req.path, 0, string.length(href) + 1) == href + "/" ?> aria-current="true"<?cs
 /if ?>><?cs var:label ?></a></li><?cs /def ?><?cs
if:user.id ?><?cs
 if:page.family == "customers" && can.customers_read ?><nav class="subnav" aria-label="Customers and their records"><ul><?cs
  call:subnav_item("/customers", "Customers") ?><?cs
  call:subnav_item("/contacts", "Contacts") ?><?cs
  call:subnav_item("/properties", "Properties") ?><?cs
  call:subnav_item("/communications", "Communications") ?><?cs
  call:subnav_item("/documents", "Documents") ?></ul></nav>
<?cs /if ?><?cs
 if:page.family == "inventory" && can.inventory_read ?><nav class="subnav" aria-label="Inventory"><ul><?cs
  call:subnav_item("/products", "Products") ?><?cs
  call:subnav_item("/suppliers", "Suppliers") ?><?cs
  call:subnav_item("/locations", "Locations") ?><?cs
  call:subnav_item("/stock/moves", "Stock moves") ?><?cs
  call:subnav_item("/allocations", "Allocations") ?><?cs
  call:subnav_item("/serials", "Serials") ?><?cs
  call:subnav_item("/purchase-orders", "Purchase orders") ?><?cs
  call:subnav_item("/stock/reports", "Reports") ?></ul></nav>
<?cs /if ?><?cs
 if:page.family == "sales" && can.sales_read ?><nav class="subnav" aria-label="Sales"><ul><?cs
  call:subnav_item("/leads", "Leads") ?><?cs
  call:subnav_item("/deals", "Deals") ?><?cs
  call:subnav_item("/deals/board", "Pipeline board") ?><?cs
  call:subnav_item("/campaigns", "Campaigns") ?><?cs
  call:subnav_item("/sales/forecast", "Forecast") ?><?cs
  if:can.sales_admin ?><?cs call:subnav_item("/sales/stages", "Stages") ?><?cs call:subnav_item("/sales/forms", "Web forms") ?><?cs /if ?></ul></nav>
<?cs /if ?><?cs
/if ?>
