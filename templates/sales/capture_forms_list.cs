<?cs
# sales/capture_forms_list.cs: GET /sales/forms. data.items, data.next, data.q, data.archived.
?><?cs include:"sales/macros.cs" ?><?cs set:list.q = data.q ?><?cs set:list.archived = data.archived ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.archived == "1" ?><?cs
 call:page_header("Web forms", "New web form", "/sales/forms/new") ?>

<form class="filters" method="get" action="/sales/forms" role="search" aria-label="Filter web forms">
<?cs call:list_search("Form name…") ?><?cs call:list_filter_end("/sales/forms") ?>
</form>
<?cs call:list_errors("/sales/forms") ?>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("forms", "/sales/forms", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Form</th><th scope="col">Origin</th><th scope="col">Campaign</th><th scope="col">Owner</th><th scope="col">Signed JSON</th></tr></thead>
  <tbody>
<?cs each:f = data.items ?>   <tr<?cs if:f.archived_at ?> class="is-archived"<?cs /if ?>><td data-label="Form" class="cell-primary"><a href="/sales/forms/<?cs var:f.id ?>"><?cs var:f.name ?></a><?cs if:f.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Origin"><?cs if:f.allowed_origin ?><?cs var:f.allowed_origin ?><?cs else ?><span class="muted">Any</span><?cs /if ?></td><td data-label="Campaign"><?cs var:f.campaign_name ?></td><td data-label="Owner"><?cs var:f.owner_name ?></td><td data-label="Signed JSON"><?cs if:f.has_secret == "1" ?><span class="badge badge-green">Secret set</span><?cs else ?><span class="badge badge-neutral">No secret</span><?cs /if ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("forms", "Try another search.", "/sales/forms") ?>
<?cs else ?> <?cs call:empty_state("inbox", "No web forms yet", "A web form takes leads from your own website: a plain HTML form, or JSON signed by your site's server.", "Add a web form", "/sales/forms/new") ?>
<?cs /if ?>
</div>
