/** One path from a refusal to a response: the error page, sign-in redirects, text for files, never a blank 500. */
import { describe, expect, it } from 'vitest';
import { Client, newVerifiedLearner } from '../support/http.ts';

describe('refusals', () => {
  it('refuses a sign-in return target that is not a URL path with a 400 and a reason, before signing in', async () => {
    const { client, email } = await newVerifiedLearner('Return Target');
    await client.post('/sign-out', []);
    const page = await client.get('/sign-in?next=/%C3%BC');
    expect(page.status).toBe(400);
    expect(page.html).toContain('return address');
    expect(page.html).toContain('<h1>This request could not be carried out</h1>');

    // The form sent to the same address is refused before any session starts; a valid target works.
    const refused = await client.post('/sign-in?next=/%C3%BC', [['email', email], ['password', 'a-long-password-1']]);
    expect(refused.status).toBe(400);
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(false);
    expect((await client.get('/dashboard')).status).not.toBe(200);
    const signedIn = await client.post('/sign-in?next=/courses', [['email', email], ['password', 'a-long-password-1']]);
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/courses');
  });

  it('refuses the same on the language switcher, and still leads off-site targets home', async () => {
    const client = new Client();
    expect((await client.post('/language', [['lang', 'de'], ['return', '/ü']])).status).toBe(400);
    const home = await client.post('/language', [['lang', 'de'], ['return', 'https://evil.example/']]);
    expect(home.status).toBe(303);
    expect(home.location).toBe('/');
  });

  it('shows a refusal as a page in the reader’s language, and as text to a client fetching a file', async () => {
    const german = await new Client().post('/language', [['lang', 'xx']], { 'Accept-Language': 'de' });
    expect(german.status).toBe(400);
    expect(german.html).toContain('<html lang="de"');
    expect(german.html).toContain('Unbekannte Sprache');

    const { client } = await newVerifiedLearner('No Access');
    const pdf = await client.download('/courses/no-such-course/pdf/course.pdf');
    expect(pdf.status).toBe(404);
    expect(pdf.headers.get('content-type')).toContain('text/plain');
    expect(new TextDecoder().decode(pdf.body)).toBe('Not found.');
  });

  it('answers an unknown certificate credential with 404 and the reason, an anonymous data export with 401', async () => {
    const credential = await new Client().get('/certificates/AAAAAAAAAAAAAAAAAAAAAA/credential.json');
    expect(credential.status).toBe(404);
    expect(credential.html).not.toContain('<html');
    expect((await new Client().get('/account/export.json')).status).toBe(401);
  });
});
