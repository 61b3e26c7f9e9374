<?cs
# inventory/product_form.cs: new product (POST /products) or, when data.id
# is set, edit (POST /products/:id, _method=PATCH, version). Values from
# form.*, messages from errors.*; page.conflict = "1" when the save was
# refused because the product changed meanwhile.
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New product", "", "") ?><?cs /if ?>

<?cs call:conflict_notice("product") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/products/<?cs var:data.id ?><?cs else ?>/products<?cs /if ?>" novalidate>
<?cs call:form_fields() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Product</h2>
   <p class="muted">How it is found: by SKU, maker, model or name.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("sku", "SKU", "text", "off", "required autofocus", "Letters, digits and . _ / - e.g. LUM-DIM-600") ?>
   <?cs call:text_field("name", "Name", "text", "off", "required", "e.g. 600 W in-wall dimmer") ?>
   <?cs call:text_field("manufacturer", "Manufacturer", "text", "off", "", "") ?>
   <?cs call:text_field("model", "Model", "text", "off", "", "") ?>
   <?cs call:select_open("category", "Category", "", "") ?><?cs call:options("product_category", form.category) ?><?cs call:select_close("category") ?>
   <?cs call:select_open("unit", "Unit", "", "Cable is counted in whole metres.") ?><?cs call:options("product_unit", form.unit) ?><?cs call:select_close("unit") ?>
   <?cs call:textarea_field("description", "Description", "3", "full", "") ?>
   <?cs call:text_field("tags", "Tags", "text", "off", "full", "Separate tags with commas, e.g. outdoor, poe") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Cost, price and labour</h2>
   <p class="muted">Money in cents (12950 is $129.50); labour in minutes per unit.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("cost_cents", "Cost (cents)", "number", "off", "", "What you pay") ?>
   <?cs call:text_field("price_cents", "Price (cents)", "number", "off", "", "What the customer pays") ?>
   <?cs call:text_field("labour_minutes", "Labour (minutes per unit)", "number", "off", "", "e.g. 45 to fit a keypad") ?>
   <?cs call:checkbox_field("serialised", "Serialised: each unit has its own serial number", "", "") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Reordering</h2>
   <p class="muted">When available stock falls to the reorder point, the product shows as low and a reorder is suggested.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("reorder_point", "Reorder point", "number", "off", "", "0: never") ?>
   <?cs call:text_field("reorder_qty", "Reorder quantity", "number", "off", "", "") ?>
  </div>
 </section>

 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create product<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/products/<?cs var:data.id ?><?cs else ?>/products<?cs /if ?>">Cancel</a>
 </div>
</form>
<?cs if:editing ?><?cs set:pid = data.id ?><?cs if:data.image_sha256 ?><?cs set:data.image_url = "/products/" + data.id + "/image?v=" + string.slice(data.image_sha256, 0, 16) ?><?cs /if ?><?cs include:"inventory/image_form.cs" ?><?cs /if ?>
