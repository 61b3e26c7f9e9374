<?cs
# communications/list.cs: the timeline. GET /communications (everyone's,
# with the customer of each) and GET /customers/:id/communications
# (data.customer.{id,name,archived_at} set). data.items.N: id, customer_id,
# customer_name, contact_id, contact_name, property_id, property_name,
# kind, direction, occurred_at, subject, excerpt (first 280 characters of
# the body), excerpt_truncated, user_name, archived_at. Filters echoed:
# data.q, data.kind, data.contact_id, data.property_id, data.archived,
# data.sort; data.next is the next page's cursor.
?><?cs
 if:data.customer.id ?><?cs set:base = "/customers/" + data.customer.id + "/communications" ?><?cs
 else ?><?cs set:base = "/communications" ?><?cs /if ?><?cs
 set:canedit = can.customers_write && data.customer.id && !data.customer.archived_at ?><?cs
 set:list.q = data.q ?><?cs set:list.kind = data.kind ?><?cs set:list.contact_id = data.contact_id ?><?cs
 set:list.property_id = data.property_id ?><?cs set:list.archived = data.archived ?><?cs
 set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.kind || data.contact_id || data.property_id || data.archived == "1" ?><?cs
 if:data.customer.id ?><?cs
  call:page_header_open("Communications") ?>
  <p class="page-meta">with <a href="/customers/<?cs var:data.customer.id ?>"><?cs var:data.customer.name ?></a><?cs
   if:data.customer.archived_at ?> <?cs call:badge("Archived customer", "amber") ?><?cs /if ?></p><?cs
  call:page_header_actions() ?><?cs
  if:canedit ?><?cs
   call:button_link("Log a call", base + "/new?kind=call", "primary", "call") ?><?cs
   call:button_link("Email", base + "/new?kind=email", "", "email") ?><?cs
   call:button_link("Meeting", base + "/new?kind=meeting", "", "meeting") ?><?cs
   call:button_link("SMS", base + "/new?kind=sms", "", "sms") ?><?cs
   call:button_link("Site visit", base + "/new?kind=site_visit", "", "site_visit") ?><?cs
   call:button_link("Note", base + "/new?kind=note", "", "note") ?><?cs
  /if ?><?cs
  call:page_header_close() ?><?cs
 else ?><?cs
  call:page_header("Communications", "", "") ?><?cs
 /if ?>

<form class="filters" method="get" action="<?cs var:base ?>" role="search" aria-label="Filter communications" data-live-search>
<?cs call:list_search("Words in the subject or text…") ?> <div class="filter">
  <label for="f-kind">Kind</label>
  <span class="select"><select class="input" id="f-kind" name="kind">
   <?cs call:option("", "All kinds", data.kind) ?>
   <?cs call:options("communication_kind", data.kind) ?>
  </select></span>
 </div>
<?cs call:list_sort("Order") ?><?cs if:data.contact_id ?> <?cs call:hidden_field("contact_id", data.contact_id) ?>
<?cs /if ?><?cs if:data.property_id ?> <?cs call:hidden_field("property_id", data.property_id) ?>
<?cs /if ?><?cs call:list_filter_end(base) ?>
</form>
<?cs call:list_errors(base) ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:subcount(data.items) ?>
 <div class="results-bar">
  <p class="muted"><?cs if:data.q ?>Results for “<?cs var:data.q ?>”<?cs else ?>Showing <?cs var:subcount(data.items) ?><?cs if:data.next ?>+<?cs /if ?> entries<?cs /if ?><?cs
   if:data.contact_id ?> with one contact<?cs /if ?><?cs if:data.property_id ?> at one property<?cs /if ?><?cs
   if:data.archived == "1" ?>, including archived<?cs /if ?><?cs if:data.sort == "occurred_at" ?>, oldest first<?cs /if ?></p>
  <a class="btn btn-ghost btn-sm" href="<?cs var:base ?>?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a>
 </div>
 <section class="card">
 <ol class="timeline">
<?cs each:m = data.items ?><?cs call:timeline_item(m) ?><?cs /each ?> </ol>
 </section>
<?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?><?cs # the notice above says why there is no list ?>
<?cs elif:filtered ?>
 <?cs call:empty_state("search", "Nothing matches", "Try other words or another kind, or clear the filters.", "", "") ?>
 <p class="empty-after"><a class="btn btn-sm" href="<?cs var:base ?>">Clear filters</a></p>
<?cs elif:string.find(req.uri, "after=") >= 0 ?>
 <?cs call:empty_state("inbox", "No more entries", "You have reached the end of the timeline.", "", "") ?>
 <p class="empty-after"><a class="btn btn-sm" href="<?cs var:base ?>?<?cs call:query_string(list, "") ?>">First page</a></p>
<?cs elif:canedit ?>
 <?cs call:empty_state("sms", "No communications yet", "Log calls, emails, meetings and site visits to keep the whole team in the loop.", "Log a call", base + "/new?kind=call") ?>
<?cs elif:data.customer.id ?>
 <?cs call:empty_state("sms", "No communications yet", "", "", "") ?>
<?cs else ?>
 <?cs call:empty_state("sms", "No communications yet", "They are logged from each customer's page.", "", "") ?>
<?cs /if ?>
</div>
