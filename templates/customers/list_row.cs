<?cs
# customers/list_row.cs: one row of the customer list (customers/list.cs),
# rendered once per row content and kept (view.c): it sees row.* (the
# columns of customer_html_columns), labels, static and zone, and nothing
# of the request. The end tags HTML lets a table leave out are left out.
?><tr<?cs if:row.archived_at ?> class="is-archived"<?cs /if ?>><td><a href="/customers/<?cs var:row.id ?>"><?cs var:row.name ?></a><?cs if:row.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?><td><span class="kind-<?cs var:row.kind ?>"><?cs var:labels.customer_kind[row.kind] ?></span><td><?cs
 if:row.email ?><a href="mailto:<?cs var:row.email ?>"><?cs var:row.email ?></a><?cs /if ?><td><?cs
 if:row.phone ?><a href="tel:<?cs var:row.phone ?>"><?cs var:row.phone ?></a><?cs /if ?><td><?cs var:row.billing_city ?><td><?cs
 each:t = row.tags ?><a href="?tag=<?cs var:url_query(t) ?>"><?cs var:t ?></a><?cs /each ?><td><?cs var:fmt_date(row.updated_at) ?>
