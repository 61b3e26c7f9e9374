<?cs
# auth/sessions.cs: GET /auth/sessions. data.items: the signed-in user's
# live sessions (id, created_at, last_seen_at, expires_at, client_ip,
# user_agent, browser, current = "1" for this one).
?><?cs call:page_header_open("Your sessions") ?>
 <p class="page-meta muted">Where you are signed in. A session ends when it goes unused for a while (an hour unless your administrator set otherwise), 12 hours after sign-in, or when you sign it out here.</p>
<?cs call:page_header_actions() ?><?cs
 call:button_link("Your profile", "/auth/profile", "ghost", "user") ?><?cs
 call:page_header_close() ?>

<?cs call:card_open("Signed in", subcount(data.items), "", "") ?>
<?cs if:subcount(data.items) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-sessions">
  <thead>
   <tr>
    <th scope="col">Browser</th>
    <th scope="col">Address</th>
    <th scope="col">Signed in</th>
    <th scope="col">Last seen</th>
    <th scope="col">Ends at the latest</th>
    <th scope="col"><span class="visually-hidden">Actions</span></th>
   </tr>
  </thead>
  <tbody>
<?cs each:s = data.items ?>   <tr>
    <td class="cell-primary" data-label="Browser"><span title="<?cs var:s.user_agent ?>"><?cs var:s.browser ?></span><?cs if:s.current == "1" ?> <?cs call:badge("This session", "green") ?><?cs /if ?></td>
    <td data-label="Address" class="cell-nowrap"><?cs var:s.client_ip ?></td>
    <td data-label="Signed in" class="cell-nowrap"><?cs call:datetime(s.created_at) ?></td>
    <td data-label="Last seen" class="cell-nowrap"><?cs call:datetime(s.last_seen_at) ?></td>
    <td data-label="Ends at the latest" class="cell-nowrap muted"><?cs call:datetime(s.expires_at) ?></td>
    <td data-label="Actions"><?cs if:s.current == "1" ?><?cs
 call:post_button("/auth/sessions/" + s.id, "DELETE", "Sign out", "secondary sm", "logout", "") ?><?cs
 else ?><?cs call:post_button("/auth/sessions/" + s.id, "DELETE", "Sign out", "danger sm", "logout", "Sign out this session? Its next request is refused.") ?><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?><?cs call:empty_state("clock", "No live sessions", "", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>
