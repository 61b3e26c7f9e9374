<?cs include:"mail/html_open.cs" ?><h1>Your Hearth password was reset</h1>
<p>Hello <?cs var:data.name ?>,</p>
<p><?cs var:data.admin_name ?> has reset the password of your Hearth account (<?cs var:data.email ?>) and signed out all your sessions.</p>
<p><?cs if:data.generated == "1" ?>They will give you a temporary password<?cs else ?>They have set a temporary password and will give it to you<?cs /if ?>. At your next sign-in you choose your own.</p>
<p><a class="button" href="<?cs var:data.base_url ?>/auth/login">Sign in to Hearth</a></p>
<p>If you did not ask for this, tell your administrator: someone may be trying to get into your account.</p>
<?cs include:"mail/html_close.cs" ?>
