import { it } from 'vitest';
import { Client } from '../../support/http.ts';
it('probe', async () => {
  const c = new Client();
  const p = await c.post('/sign-up', [['name', 'Ada <Lovelace>'], ['email', 'ada@'], ['password', 'a-perfectly-fine-secret-9']]);
  console.log(p.html.slice(p.html.indexOf('<form method="post" class="stack"'), p.html.indexOf('</form>', p.html.indexOf('<form method="post" class="stack"'))));
});
