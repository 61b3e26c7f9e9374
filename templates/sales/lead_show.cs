<?cs
# sales/lead_show.cs: GET /leads/:id. data.* the lead; once converted
# data.customer_name, data.property_name, data.deal_title;
# data.communications [{id, kind, direction, summary, occurred_at,
# user_name}] newest first, and the form that records one (POST
# /leads/:id/communications: form.*, errors.* when shown again).
?><?cs include:"sales/macros.cs" ?><?cs set:lid = data.id ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta"><?cs call:lead_status(data.status) ?><?cs if:data.company ?><span class="badge badge-neutral"><?cs var:data.company ?></span><?cs /if ?><?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs if:can.sales_write && data.status != "converted" && !data.archived_at ?><?cs call:button_link("Convert", "/leads/" + lid + "/convert", "primary", "check") ?><?cs /if ?><?cs call:sales_actions("/leads/" + lid, "Archive this lead? It leaves the lists; it can be restored.") ?><?cs call:page_header_close() ?>

<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Contact", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Email</dt><dd><?cs if:data.email ?><a href="mailto:<?cs var:data.email ?>"><?cs var:data.email ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Phone</dt><dd><?cs if:data.phone ?><a href="tel:<?cs var:data.phone ?>"><?cs var:data.phone ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Property</dt><dd><?cs if:data.line1 || data.city ?><?cs var:data.line1 ?><?cs if:data.line1 && data.city ?>, <?cs /if ?><?cs var:data.city ?><?cs if:data.region ?>, <?cs var:data.region ?><?cs /if ?> <?cs var:data.postal_code ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>
<?cs call:card_open("Follow-up", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Source</dt><dd><?cs var:labels.lead_source[data.source] ?></dd>
   <dt>Campaign</dt><dd><?cs if:data.campaign_id ?><a href="/campaigns/<?cs var:data.campaign_id ?>"><?cs var:data.campaign_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <?cs call:dl_item("Owner", data.owner_name) ?>
   <dt>Next action</dt><dd><?cs if:data.next_action_on ?><?cs call:date(data.next_action_on) ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Received</dt><dd><?cs call:datetime(data.created_at) ?></dd>
<?cs if:data.status == "lost" ?>   <?cs call:dl_item("Lost because", data.lost_reason) ?>
<?cs /if ?>  </dl>
 </div>
<?cs call:card_close() ?>
</aside>
<div class="detail-main">
<?cs if:data.status == "converted" ?><?cs call:card_open("Converted", "", "", "") ?>
 <div class="card-body">
  <p>Converted <?cs call:datetime(data.converted_at) ?> into:</p>
  <dl class="facts">
   <dt>Customer</dt><dd><a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></dd>
   <dt>Property</dt><dd><?cs if:data.property_id ?><a href="/properties/<?cs var:data.property_id ?>"><?cs var:data.property_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Deal</dt><dd><?cs if:data.deal_id ?><a href="/deals/<?cs var:data.deal_id ?>"><?cs var:data.deal_title ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?><?cs /if ?>
<?cs call:card_open("Notes", "", "", "") ?>
 <div class="card-body"><?cs if:data.notes ?><p class="notes"><?cs var:data.notes ?></p><?cs else ?><p class="muted">No notes yet.</p><?cs /if ?></div>
<?cs call:card_close() ?>
<section class="card" id="communications" aria-labelledby="comms-h">
 <header class="card-header"><h2 id="comms-h">Communications <span class="count"><?cs var:subcount(data.communications) ?></span></h2></header>
<?cs if:can.sales_write && !data.archived_at ?> <form class="card-body comm-form" method="post" action="/leads/<?cs var:lid ?>/communications" aria-label="Record a communication">
  <?cs call:csrf_field() ?><?cs call:error_summary() ?>
  <div class="form-grid">
<?cs call:select_open("kind", "Kind", "required", "") ?><?cs call:option("call", "Call", form.kind) ?><?cs call:option("email", "Email", form.kind) ?><?cs call:option("meeting", "Meeting", form.kind) ?><?cs call:option("note", "Note", form.kind) ?><?cs call:select_close("kind") ?>
<?cs call:select_open("direction", "Direction", "", "") ?><?cs call:option("out", "Outbound (we reached out)", form.direction) ?><?cs call:option("in", "Inbound (they reached us)", form.direction) ?><?cs call:select_close("direction") ?>
<?cs call:text_field("occurred_at", "When", "datetime-local", "", "", "Empty: now.") ?>
<?cs call:textarea_field("summary", "Summary", 3, "required full", "") ?>
  </div>
<?cs if:data.status == "new" ?>  <p class="field-hint">Recording the first communication moves this lead from New to Contacted.</p>
<?cs /if ?>
  <p><button type="submit" class="btn btn-primary btn-sm"><?cs call:icon("plus") ?><span>Record</span></button></p>
 </form>
<?cs /if ?><?cs if:subcount(data.communications) ?> <ol class="timeline">
<?cs each:m = data.communications ?>  <li class="timeline-item kind-<?cs var:m.kind ?>">
   <span class="timeline-icon"><?cs call:icon(m.kind) ?></span>
   <div class="timeline-body">
    <p class="row-line"><strong><?cs if:m.kind == "call" ?>Call<?cs elif:m.kind == "email" ?>Email<?cs elif:m.kind == "meeting" ?>Meeting<?cs else ?>Note<?cs /if ?></strong><?cs
     if:m.kind != "note" ?> <span class="badge badge-neutral"><?cs if:m.direction == "in" ?><?cs call:icon("inbound") ?>Inbound<?cs else ?><?cs call:icon("outbound") ?>Outbound<?cs /if ?></span><?cs /if ?></p>
    <p class="timeline-text"><?cs var:m.summary ?></p>
    <p class="row-sub"><?cs call:datetime(m.occurred_at) ?><?cs if:m.user_name ?> · recorded by <?cs var:m.user_name ?><?cs /if ?></p>
   </div>
  </li>
<?cs /each ?> </ol>
<?cs else ?> <div class="card-body"><p class="muted">No calls, emails, meetings or notes recorded yet.</p></div>
<?cs /if ?></section>
</div>
</div>
