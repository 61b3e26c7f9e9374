<?cs
# error.cs: page.status, page.title, data.detail. Best rendered inside
# layout.cs (page.template = "error.cs"); also renders a complete page on
# its own (e.g. view_render_json), so it uses no macros (layout.cs
# includes macros.cs, and defining a macro twice is a parse error).
?><?cs if:!layout.active ?><!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title><?cs if:page.title ?><?cs var:page.title ?><?cs else ?>Error<?cs /if ?> · Hearth</title>
<?cs if:static ?><link rel="stylesheet" href="<?cs var:static ?>/css/hearth.css">
<link rel="icon" href="<?cs var:static ?>/icons/hearth.svg" type="image/svg+xml">
<?cs /if ?></head>
<body class="bare">
<main id="main">
<?cs /if ?><div class="error-page">
 <p class="error-code"><?cs if:page.status ?><?cs var:page.status ?><?cs else ?>Error<?cs /if ?></p>
 <h1><?cs if:page.title ?><?cs var:page.title ?><?cs
  elif:page.status == "404" ?>Page not found<?cs
  elif:page.status == "403" ?>Not allowed<?cs
  elif:page.status == "503" ?>Temporarily unavailable<?cs
  else ?>Something went wrong<?cs /if ?></h1>
 <p class="error-detail"><?cs if:data.detail ?><?cs var:data.detail ?><?cs
  elif:page.status == "404" ?>The page you asked for does not exist, or it was moved.<?cs
  elif:page.status == "403" ?>Your role does not allow this. Ask an administrator if you need it.<?cs
  elif:page.status == "503" ?>Hearth cannot reach its database right now. Try again in a minute.<?cs
  else ?>The error has been logged. Try again, or go back to where you were.<?cs /if ?></p>
 <p class="error-actions"><?cs if:user.id ?><a class="btn btn-primary" href="/customers">Go to customers</a><?cs else ?><a class="btn btn-primary" href="/auth/login">Sign in</a><?cs /if ?></p>
</div>
<?cs if:!layout.active ?></main>
</body>
</html>
<?cs /if ?>
