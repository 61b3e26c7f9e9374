<?cs
# auth/audit_time.cs: audit_time(ts), included by the audit pages. A
# moment of the log in the company's time, to the second, with the zone's
# abbreviation: "3 Dec 2026, 09:32:19 CST" (zone.* from view.c, as the
# datetime macro uses).
?><?cs def:audit_time(ts) ?><time datetime="<?cs var:ts ?>"><?cs
 set:date_off = string.slice(ts, 19, 25) ?><?cs var:fmt_date(ts) ?>, <?cs
 var:string.slice(ts, 11, 19) ?> <?cs if:zone[date_off] ?><?cs var:zone[date_off] ?><?cs else ?>UTC<?cs var:date_off ?><?cs /if ?></time><?cs /def ?>
