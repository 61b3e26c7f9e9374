<?cs
# mail/invitation.txt.cs, invitation.html.cs: to a user an admin created
# with an invitation (cgi-bin/auth/invitation.c). data.name, data.email,
# data.role, data.inviter, data.link (one use, data.hours hours),
# data.base_url.
?>Hello <?cs var:data.name ?>,

<?cs var:data.inviter ?> has made you a Hearth account (<?cs var:data.email ?>, role <?cs var:data.role ?>).

Choose your password here to start:
<?cs var:data.link ?>

The link works once, for <?cs var:data.hours ?> hours. If it has expired, ask <?cs var:data.inviter ?> for a new one.
If you did not expect this, you can ignore this message.

-- 
Hearth
