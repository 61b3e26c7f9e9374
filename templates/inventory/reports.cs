<?cs
# inventory/reports.cs: GET /stock/reports. data.items: name, title,
# description, url of each report.
?><?cs call:page_header("Reports", "", "") ?>
<ul class="report-cards">
<?cs each:i = data.items ?> <li class="card report-card"><a href="<?cs var:i.url ?>"><h2><?cs var:i.title ?><?cs call:icon("chevron-right") ?></h2><p class="muted"><?cs var:i.description ?></p></a></li>
<?cs /each ?></ul>
<p class="muted">Each report is a page, JSON (<code>Accept: application/json</code>) and CSV at the same address.</p>
