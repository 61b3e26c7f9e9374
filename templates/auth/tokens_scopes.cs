<?cs
# auth/tokens_scopes.cs: the scopes field of the token and OAuth client
# forms (included by tokens.cs and oauth_clients.cs): one checkbox per
# family and level, each sending scopes=family:level. data.families:
# name, label, read, write ("1" ticked); errors.scopes. The section head
# above it has the ids scopes-title and f-scopes-hint.
?>  <div class="field field-full<?cs if:errors.scopes ?> has-error<?cs /if ?>" id="f-scopes">
  <div class="table-wrap">
  <table class="table table-scopes" aria-labelledby="scopes-title" aria-describedby="f-scopes-hint<?cs if:errors.scopes ?> f-scopes-error<?cs /if ?>">
   <thead><tr><th scope="col">Part of Hearth</th><th scope="col">Read</th><th scope="col">Write</th></tr></thead>
   <tbody>
<?cs each:f = data.families ?>    <tr>
     <th scope="row"><?cs var:f.label ?> <span class="muted">(<?cs var:f.name ?>)</span></th>
     <td><input class="checkbox" type="checkbox" name="scopes" value="<?cs var:f.name ?>:read" id="f-scope-<?cs var:f.name ?>-read" aria-label="<?cs var:f.label ?>: read"<?cs if:f.read == "1" ?> checked<?cs /if ?>></td>
     <td><input class="checkbox" type="checkbox" name="scopes" value="<?cs var:f.name ?>:write" id="f-scope-<?cs var:f.name ?>-write" aria-label="<?cs var:f.label ?>: write"<?cs if:f.write == "1" ?> checked<?cs /if ?>></td>
    </tr>
<?cs /each ?>   </tbody>
  </table>
  </div>
  <?cs if:errors.scopes ?><p class="field-error" id="f-scopes-error"><?cs call:icon("alert") ?><span><?cs var:errors.scopes ?></span></p><?cs /if ?>
  </div>
