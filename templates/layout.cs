<?cs
# layout.cs: the page shell. view.c renders this file with page.template
# set by the handler (never by the request); it is included inside <main>
# at parse time, so page.template must be in the HDF before cs_parse_file.
# Signed out (no user.id): a bare layout without navigation (login).
# To add a family to the top navigation: one nav_item line below, inside
# the permission that lets the user read it.
?><?cs include:"macros.cs" ?><?cs set:layout.active = 1 ?><!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#16181d">
<?cs if:page.refresh ?><meta http-equiv="refresh" content="<?cs var:page.refresh ?>">
<?cs /if ?><?cs if:csrf ?><meta name="csrf-token" content="<?cs var:csrf ?>">
<?cs /if ?><title><?cs if:page.title ?><?cs var:page.title ?> · <?cs /if ?>Hearth</title>
<link rel="stylesheet" href="<?cs var:static ?>/css/hearth.css">
<link rel="icon" href="<?cs var:static ?>/icons/hearth.svg" type="image/svg+xml">
<link rel="manifest" href="<?cs var:static ?>/manifest.webmanifest">
<script src="<?cs var:static ?>/js/hearth.js" defer></script>
</head>
<body class="<?cs if:user.id ?>app<?cs else ?>bare<?cs /if ?>">
<a class="skip-link" href="#main">Skip to content</a>
<?cs if:user.id ?><header class="topbar">
 <a class="brand" href="/customers"><img src="<?cs var:static ?>/icons/hearth.svg" alt="" width="24" height="24"><span>Hearth</span></a>
 <nav class="mainnav" aria-label="Main">
  <ul>
<?cs if:can.customers_read ?>   <?cs call:nav_item("customers", "Customers", "/customers") ?>
<?cs /if ?><?cs if:can.inventory_read ?>   <?cs call:nav_item("inventory", "Inventory", "/products") ?>
<?cs /if ?><?cs if:can.sales_read ?>   <?cs call:nav_item("sales", "Sales", "/leads") ?>
<?cs /if ?><?cs if:can.auth_admin ?>   <?cs call:nav_item("audit", "Audit log", "/auth/audit") ?>
   <?cs call:nav_item("users", "Users", "/auth/users") ?>
   <?cs call:nav_item("roles", "Roles", "/auth/roles") ?>
<?cs /if ?>  </ul>
 </nav>
 <form class="topsearch" role="search" method="get" action="/customers">
  <label class="visually-hidden" for="global-search">Search customers</label>
  <?cs call:icon("search") ?>
  <input class="input" id="global-search" type="search" name="q" value="<?cs var:req.q ?>" placeholder="Search customers…" autocomplete="off" data-hotkey="/">
  <kbd class="hotkey" aria-hidden="true">/</kbd>
  <button type="submit" class="visually-hidden">Search</button>
 </form>
 <details class="usermenu">
  <summary><span class="avatar" aria-hidden="true"><?cs call:icon("user") ?></span><span class="usermenu-name"><?cs var:user.name ?></span><?cs call:icon("chevron-down") ?></summary>
  <div class="usermenu-panel">
   <p class="usermenu-who"><strong><?cs var:user.name ?></strong><?cs if:user.email ?><span><?cs var:user.email ?></span><?cs /if ?><?cs if:user.role ?><span class="badge badge-neutral"><?cs var:user.role ?></span><?cs /if ?></p>
   <a class="btn btn-ghost btn-block" href="/auth/profile"><?cs call:icon("user") ?><span>Profile</span></a>
   <a class="btn btn-ghost btn-block" href="/auth/sessions"><?cs call:icon("clock") ?><span>Sessions</span></a>
   <a class="btn btn-ghost btn-block" href="/auth/2fa"><?cs call:icon("key") ?><span>Two-factor sign-in</span></a>
   <a class="btn btn-ghost btn-block" href="/auth/tokens"><?cs call:icon("key") ?><span>API tokens</span></a>
   <a class="btn btn-ghost btn-block" href="/api"><?cs call:icon("file") ?><span>API reference</span></a>
<?cs if:can.auth_admin ?>   <a class="btn btn-ghost btn-block" href="/auth/users"><?cs call:icon("users") ?><span>Users</span></a>
   <a class="btn btn-ghost btn-block" href="/auth/worker"><?cs call:icon("inbox") ?><span>Background work</span></a>
   <a class="btn btn-ghost btn-block" href="/auth/webhooks"><?cs call:icon("outbound") ?><span>Webhooks</span></a>
   <a class="btn btn-ghost btn-block" href="/auth/mail"><?cs call:icon("mail") ?><span>Mail</span></a>
<?cs /if ?>   <form method="post" action="/auth/logout"><?cs call:csrf_field() ?><button type="submit" class="btn btn-ghost btn-block"><?cs call:icon("logout") ?><span>Sign out</span></button></form>
  </div>
 </details>
</header>
<?cs /if ?><div class="shell">
<?cs include:"subnav.cs" ?><?cs call:breadcrumbs() ?>
<main id="main" tabindex="-1">
<?cs call:flash() ?>
<?cs include:page.template ?>
</main>
</div>
</body>
</html>
