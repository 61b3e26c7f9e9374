<?cs include:"mail/html_open.cs" ?><h1><?cs var:data.subject ?></h1>
<p>Hello,</p>
<p>This is a test message from Hearth, sent by <strong><?cs var:data.sent_by ?></strong> from the mail page. If you are reading it, Hearth can send mail through your mail server.</p>
<p><a class="button" href="<?cs var:data.base_url ?>/auth/mail">Open the sent-mail log</a></p>
<?cs include:"mail/html_close.cs" ?>
