<?cs include:"mail/html_open.cs" ?><h1>You are invited to Hearth</h1>
<p>Hello <?cs var:data.name ?>,</p>
<p><?cs var:data.inviter ?> has made you a Hearth account (<?cs var:data.email ?>, role <?cs var:data.role ?>).</p>
<p><a class="button" href="<?cs var:data.link ?>">Choose your password</a></p>
<p>The link works once, for <?cs var:data.hours ?> hours. If it has expired, ask <?cs var:data.inviter ?> for a new one. If you did not expect this, you can ignore this message.</p>
<?cs include:"mail/html_close.cs" ?>
