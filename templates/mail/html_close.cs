</div>
<p class="foot">Sent by Hearth<?cs if:data.base_url ?> · <a href="<?cs var:data.base_url ?>/"><?cs var:data.base_url ?></a><?cs /if ?>. This is an automatic message.</p>
</body>
</html>
