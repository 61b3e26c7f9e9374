<?cs
# mail/password_reset.txt.cs, password_reset.html.cs: to a user whose
# password an admin reset (cgi-bin/auth/users.c). data.name, data.email,
# data.admin_name, data.generated (1: Hearth made a temporary password,
# which the admin hands over; never in the mail), data.base_url.
?>Hello <?cs var:data.name ?>,

<?cs var:data.admin_name ?> has reset the password of your Hearth account (<?cs var:data.email ?>) and signed out all your sessions.

<?cs if:data.generated == "1" ?>They will give you a temporary password<?cs else ?>They have set a temporary password and will give it to you<?cs /if ?>. At your next sign-in you choose your own:
<?cs var:data.base_url ?>/auth/login

If you did not ask for this, tell your administrator: someone may be trying to get into your account.

-- 
Hearth
