<?cs
# inventory/image_form.cs: upload, replace or remove a product's image
# (included by product_form.cs and product_image.cs; pid and data.* the
# product: version, image_url, image_name).
?><section class="form-section image-section">
 <div class="form-section-head">
  <h2>Image</h2>
  <p class="muted">PNG, JPEG, WebP or GIF, at most 5 MB. Shown on the product page and in the list.</p>
 </div>
 <div class="image-edit">
<?cs if:data.image_url ?>  <img class="product-image" src="<?cs var:data.image_url ?>" alt="<?cs var:data.name ?>" width="160" height="160">
<?cs else ?>  <div class="product-image product-image-none"><?cs call:icon("tag") ?></div>
<?cs /if ?>  <form class="image-form" method="post" action="/products/<?cs var:pid ?>/image" enctype="multipart/form-data">
   <?cs call:csrf_field() ?><?cs call:hidden_field("version", data.version) ?>
   <div class="field<?cs if:errors.image ?> has-error<?cs /if ?>"><label for="f-image"><?cs if:data.image_url ?>Replace the image<?cs else ?>Upload an image<?cs /if ?></label><input class="input" id="f-image" name="image" type="file" accept="image/png,image/jpeg,image/webp,image/gif"<?cs if:errors.image ?> aria-invalid="true" aria-describedby="f-image-error"<?cs /if ?>><?cs if:errors.image ?><p class="field-error" id="f-image-error"><?cs call:icon("alert") ?><span><?cs var:errors.image ?></span></p><?cs /if ?></div>
   <button type="submit" class="btn">Upload</button>
  </form>
<?cs if:data.image_url ?>  <form class="inline-form" method="post" action="/products/<?cs var:pid ?>/image"><?cs call:csrf_field() ?><?cs call:method_field("DELETE") ?><?cs call:hidden_field("version", data.version) ?><button type="submit" class="btn btn-ghost">Remove the image</button></form>
<?cs /if ?> </div>
</section>
