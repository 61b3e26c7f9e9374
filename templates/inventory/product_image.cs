<?cs
# inventory/product_image.cs: the image form again with its messages
# (POST /products/:id/image refused, or a stale version). data.* is the
# product's image fields (id, sku, name, version, image_url, image_name).
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/catalog_macros.cs" ?><?cs
 set:pid = data.id ?><?cs call:page_header("Image of " + data.name, "", "") ?>
<?cs call:conflict_notice("product") ?><?cs call:error_summary() ?>
<?cs include:"inventory/image_form.cs" ?>
