<?cs
# imports/status.cs: import_status(status), the badge of an import's
# status (lib/import.c, sql/020). Included by imports/list.cs and show.cs.
?><?cs def:import_status(s) ?><?cs
 if:s == "uploaded" ?><?cs call:badge("Check columns", "blue") ?><?cs
 elif:s == "previewed" ?><?cs call:badge("Ready to import", "violet") ?><?cs
 elif:s == "applying" ?><?cs call:badge("Importing", "blue") ?><?cs
 elif:s == "applied" ?><?cs call:badge("Imported", "green") ?><?cs
 elif:s == "failed" ?><?cs call:badge("Failed", "red") ?><?cs
 elif:s == "cancelled" ?><?cs call:badge("Cancelled", "amber") ?><?cs
 elif:s == "undoing" ?><?cs call:badge("Undoing", "amber") ?><?cs
 elif:s == "undone" ?><?cs call:badge("Undone", "amber") ?><?cs
 /if ?><?cs /def ?>
