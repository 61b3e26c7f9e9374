<?cs
# inventory/suppliers_list.cs: GET /suppliers. data.items, data.next, data.q, data.archived.
?><?cs include:"inventory/macros.cs" ?><?cs set:list.q = data.q ?><?cs set:list.archived = data.archived ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.archived == "1" ?><?cs
 if:can.inventory_write ?><?cs call:page_header("Suppliers", "New supplier", "/suppliers/new") ?><?cs
 else ?><?cs call:page_header("Suppliers", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/suppliers" role="search" aria-label="Filter suppliers" data-live-search>
<?cs call:list_search("Name, contact, account…") ?><?cs call:list_filter_end("/suppliers") ?>
</form>
<?cs call:list_errors("/suppliers") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("suppliers", "/suppliers", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Supplier</th><th scope="col">Contact</th><th scope="col">Phone</th><th scope="col">Account</th><th scope="col">Terms</th><th scope="col" class="num">Lead time</th></tr></thead>
  <tbody>
<?cs each:s = data.items ?>   <tr<?cs if:s.archived_at ?> class="is-archived"<?cs /if ?>><td data-label="Supplier" class="cell-primary"><a href="/suppliers/<?cs var:s.id ?>"><?cs var:s.name ?></a><?cs if:s.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Contact"><?cs var:s.contact_name ?><?cs if:s.email ?> <a class="quiet" href="mailto:<?cs var:s.email ?>"><?cs var:s.email ?></a><?cs /if ?></td><td data-label="Phone" class="cell-nowrap"><?cs if:s.phone ?><a href="tel:<?cs var:s.phone ?>"><?cs var:s.phone ?></a><?cs /if ?></td><td data-label="Account"><?cs var:s.account_number ?></td><td data-label="Terms"><?cs var:s.payment_terms ?></td><td data-label="Lead time" class="num"><?cs var:s.lead_time_days ?> days</td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("suppliers", "Try another search.", "/suppliers") ?>
<?cs elif:data.paged ?><?cs call:empty_end("suppliers") ?>
<?cs else ?> <?cs call:empty_state("building", "No suppliers yet", "Distributors you buy from, with your account and their terms.", "", "") ?>
<?cs /if ?>
</div>
