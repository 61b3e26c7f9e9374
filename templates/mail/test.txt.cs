<?cs
# mail/test.txt.cs, test.html.cs: the test message of /auth/mail.
# data.subject, data.sent_by (the admin who sent it), data.base_url.
?>Hello,

This is a test message from Hearth, sent by <?cs var:data.sent_by ?> from the mail page.
If you are reading it, Hearth can send mail through your mail server.

Subject: <?cs var:data.subject ?>

-- 
Hearth
<?cs var:data.base_url ?>/auth/mail
