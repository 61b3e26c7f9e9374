<?cs
# sales/capture_thanks.cs: POST /leads/capture from a plain HTML form: the thank-you page.
?><section class="card"><div class="card-body">
 <h1>Thank you</h1>
 <p>We have your message and will be in touch soon.</p>
</div></section>
