<?cs
# contacts/list.cs: GET /contacts (everyone's, with the customer of each)
# and GET /customers/:id/contacts (data.customer.{id,name,archived_at} set).
# data.items, data.next, data.q, data.archived, data.sort, data.limit,
# data.sorts. The filter form is a plain GET form; hearth.js refreshes
# #results live.
?><?cs
 if:data.customer.id ?><?cs set:base = "/customers/" + data.customer.id + "/contacts" ?><?cs
 else ?><?cs set:base = "/contacts" ?><?cs /if ?><?cs
 set:list.q = data.q ?><?cs set:list.archived = data.archived ?><?cs set:list.sort = data.sort ?><?cs
 set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.archived == "1" ?><?cs
 if:data.customer.id ?><?cs
  call:page_header_open("Contacts") ?>
  <p class="page-meta">of <a href="/customers/<?cs var:data.customer.id ?>"><?cs var:data.customer.name ?></a><?cs
   if:data.customer.archived_at ?> <?cs call:badge("Archived customer", "amber") ?><?cs /if ?></p><?cs
  call:page_header_actions() ?><?cs
  if:can.customers_write ?><?cs call:button_link("New contact", base + "/new", "primary", "plus") ?><?cs /if ?><?cs
  call:page_header_close() ?><?cs
 else ?><?cs
  call:page_header("Contacts", "", "") ?><?cs
 /if ?>

<form class="filters" method="get" action="<?cs var:base ?>" role="search" aria-label="Filter contacts" data-live-search>
<?cs call:list_search("Name, email, phone…") ?><?cs call:list_sort("Sort") ?><?cs call:list_filter_end(base) ?>
</form>
<?cs call:list_errors(base) ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?>
<?cs call:results_bar("contacts", base, "") ?> <div class="table-wrap">
 <table class="table table-stack table-lean t-contacts">
  <thead>
   <tr><?cs call:sort_header("Name", "name", data.sort, list) ?><?cs if:!data.customer.id ?><th scope="col">Customer</th><?cs /if ?><th scope="col">Title</th><th scope="col">Email</th><th scope="col">Phone</th><th scope="col">Prefers</th><?cs call:sort_header("Added", "-created_at", data.sort, list) ?></tr>
  </thead>
  <tbody>
<?cs each:c = data.items ?><tr<?cs if:c.archived_at ?> class="is-archived"<?cs /if ?>><td><a href="/contacts/<?cs var:c.id ?>"><?cs var:c.name ?></a><?cs
 if:c.is_primary == "1" ?> <span class="badge badge-accent"><?cs call:icon("star") ?>Primary</span><?cs /if ?><?cs
 if:c.do_not_contact == "1" ?> <span class="badge badge-red"><?cs call:icon("ban") ?>Do not contact</span><?cs /if ?><?cs
 if:c.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?><?cs
 if:!data.customer.id ?><td><a href="/customers/<?cs var:c.customer_id ?>"><?cs var:c.customer_name ?></a><?cs /if ?><td><?cs var:c.title ?><td><?cs
 if:c.email && c.do_not_contact != "1" ?><a href="mailto:<?cs var:c.email ?>"><?cs var:c.email ?></a><?cs else ?><?cs var:c.email ?><?cs /if ?><td><?cs
 if:c.phone && c.do_not_contact != "1" ?><a href="tel:<?cs var:c.phone ?>"><?cs var:c.phone ?></a><?cs else ?><?cs var:c.phone ?><?cs /if ?><td><?cs
 var:labels.channel[c.preferred_channel] ?><?cs if:c.best_time ?> <span class="muted">· <?cs var:c.best_time ?></span><?cs /if ?><td><?cs var:fmt_date(c.created_at) ?>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?><?cs # the notice above says why there is no list ?>
<?cs elif:filtered ?>
 <?cs call:empty_state("search", "No contacts match", "Try another name, email or phone number, or clear the search.", "", "") ?>
 <p class="empty-after"><a class="btn btn-sm" href="<?cs var:base ?>">Clear filters</a></p>
<?cs elif:string.find(req.uri, "after=") >= 0 ?>
 <?cs call:empty_state("inbox", "No more contacts", "You have reached the end of the list.", "", "") ?>
 <p class="empty-after"><a class="btn btn-sm" href="<?cs var:base ?>?<?cs call:query_string(list, "") ?>">First page</a></p>
<?cs elif:data.customer.id && can.customers_write ?>
 <?cs call:empty_state("user", "No contacts yet", "Add the people you deal with: owners, partners, property managers.", "Add contact", base + "/new") ?>
<?cs elif:data.customer.id ?>
 <?cs call:empty_state("user", "No contacts yet", "", "", "") ?>
<?cs else ?>
 <?cs call:empty_state("users", "No contacts yet", "Contacts are added on each customer's page.", "", "") ?>
<?cs /if ?>
</div>
