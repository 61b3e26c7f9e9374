<?cs
# mail/html_open.cs, html_close.cs: the frame of every text/html mail part
# (lib/mail.c renders them with every var: HTML-escaped). Mail clients
# drop external style sheets and scripts: a small <style> block only.
# data.subject is the title.
?><!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:data.subject ?></title>
<style>
body { margin: 0; padding: 24px 16px; background: #f5f5f4; color: #1c1917; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
.mail { max-width: 560px; margin: 0 auto; background: #fff; border: 1px solid #e7e5e4; border-radius: 8px; padding: 24px; }
.mail h1 { font-size: 18px; margin: 0 0 16px; }
.mail a.button { display: inline-block; padding: 8px 16px; border-radius: 6px; background: #b45309; color: #fff; text-decoration: none; }
.foot { max-width: 560px; margin: 16px auto 0; color: #78716c; font-size: 13px; }
</style>
</head>
<body>
<div class="mail">
