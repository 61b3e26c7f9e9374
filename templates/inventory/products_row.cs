<?cs
# inventory/products_row.cs: one row of the product list, rendered once per
# row content and kept (view.c): it sees row.* (product_html_columns),
# labels, static and zone. Money and quantities are formatted here (no
# macros in a row template).
?><tr<?cs if:row.archived_at ?> class="is-archived"<?cs /if ?>><td><?cs if:row.image_sha256 ?><img class="thumb" src="/products/<?cs var:row.id ?>/image?v=<?cs var:string.slice(row.image_sha256, 0, 16) ?>" alt="" width="40" height="40" loading="lazy"><?cs /if ?><a href="/products/<?cs var:row.id ?>"><?cs var:row.name ?></a><span class="sub"><?cs var:row.manufacturer ?> <?cs var:row.model ?></span><?cs if:row.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?><td><code><?cs var:row.sku ?></code><td><?cs var:labels.product_category[row.category] ?><td>$<?cs var:#row.price_cents / 100 ?>.<?cs if:#row.price_cents % 100 < 10 ?>0<?cs /if ?><?cs var:#row.price_cents % 100 ?><td><?cs var:row.on_hand ?><?cs if:row.unit == "metre" ?> m<?cs /if ?><td><?cs if:row.low == "1" ?><span class="badge badge-amber"><?cs var:row.available ?> · low</span><?cs else ?><?cs var:row.available ?><?cs /if ?>
