/**
 * The account journey over HTTP against the built server: sign-up with validation and e-mail
 * verification, sign-in throttling, password reset, and the account page (name, password,
 * data download, deletion).
 */
import { describe, expect, it } from 'vitest';
import { Client, latestMail, newVerifiedLearner, uniqueEmail, waitForMailLink, type Page } from '../support/http.ts';

const PASSWORD = 'a-long-password-1';

/** Asserts a redirect to the sign-in page. */
function expectSignInRedirect(page: Page) {
  expect([302, 303]).toContain(page.status);
  expect(new URL(page.location ?? '', 'http://site.invalid').pathname).toBe('/sign-in');
}

/** The error paragraph with the given id, with the input it belongs to right after it. */
function fieldError(html: string, id: string): { message: string; input: string } | null {
  const match = new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>\\s*(<input [^>]*>)`).exec(html);
  return match ? { message: match[1], input: match[2] } : null;
}

function postSignUp(client: Client, email: string, name = 'New Learner', password = PASSWORD) {
  return client.post('/sign-up', [['name', name], ['email', email], ['password', password]]);
}

/** Signs up (which starts no session) and signs in before confirming the address: an unverified, signed-in learner. */
async function signUp(client: Client, email: string, name = 'New Learner', password = PASSWORD) {
  const page = await postSignUp(client, email, name, password);
  if (page.status === 303) await client.signIn(email, password);
  return page;
}

/** A sign-in attempt from a fresh browser: the status, and whether a session was started. */
async function trySignIn(email: string, password: string) {
  const client = new Client();
  const page = await client.post('/sign-in', [['email', email], ['password', password]]);
  return { page, client, signedIn: page.status === 303 && (await client.get('/dashboard')).status === 200 };
}

describe('sign-up', () => {
  it('explains every invalid field next to it and never echoes the password', async () => {
    const client = new Client();
    const shortPassword = 'Sh0rt-pw';
    const empty = await client.post('/sign-up', [['name', '  '], ['email', 'not-an-email'], ['password', shortPassword]]);
    expect(empty.status).toBe(422);
    const name = fieldError(empty.html, 'field-name');
    const email = fieldError(empty.html, 'field-email');
    const password = fieldError(empty.html, 'field-password');
    expect(name?.message).toBe('Enter your name.');
    expect(email?.message).toBe('Enter an e-mail address like name@example.com.');
    expect(password?.message).toBe('Use at least 10 characters.');
    expect(name?.input).toMatch(/id="field-name"/);
    expect(name?.input).toMatch(/aria-describedby="field-name-error"/);
    expect(email?.input).toMatch(/id="field-email"/);
    expect(email?.input).toMatch(/aria-describedby="field-email-error"/);
    expect(email?.input).toMatch(/aria-invalid="true"/);
    expect(password?.input).toMatch(/id="field-password"/);
    expect(password?.input).toMatch(/aria-describedby="field-password-error[^"]*"/);
    expect(email?.input).toContain('value="not-an-email"');
    expect(empty.html).not.toContain(shortPassword);
    expect(client.cookies.has('session')).toBe(false);

    // With a valid name and a long password, both kept or not as they should be.
    const longPassword = 'a-perfectly-fine-secret-9';
    const badEmail = await client.post('/sign-up', [['name', 'Ada "Lovelace" & Co'], ['email', 'ada@'], ['password', longPassword]]);
    expect(badEmail.status).toBe(422);
    expect(fieldError(badEmail.html, 'field-name')).toBeNull();
    expect(fieldError(badEmail.html, 'field-password')).toBeNull();
    expect(fieldError(badEmail.html, 'field-email')?.message).toBe('Enter an e-mail address like name@example.com.');
    // Kept, and escaped so the quotes cannot end the attribute.
    expect(badEmail.html).toMatch(/<input id="field-name"[^>]*value="Ada &quot;Lovelace&quot; &amp; Co"/);
    expect(badEmail.html).toMatch(/<input id="field-email"[^>]*value="ada@"/);
    expect(badEmail.html).not.toContain(longPassword);
    expect(badEmail.html).not.toMatch(/<input id="field-password"[^>]*value=/);
  });

  it('answers a taken address exactly like a new one, starts no session either way, and tells the owner by mail', async () => {
    const email = uniqueEmail('duplicate');
    const fresh = new Client();
    const first = await postSignUp(fresh, email);
    expect(first.status).toBe(303);
    expect(fresh.cookies.has('session')).toBe(false);
    await waitForMailLink(email, '/verify-email');
    for (const again of [email, email.toUpperCase()]) {
      const client = new Client();
      const page = await postSignUp(client, again, 'Someone Else', 'another-long-password');
      expect(page.status).toBe(first.status);
      expect(page.location).toBe(first.location);
      expect(client.cookies.has('session')).toBe(false);
    }
    // The owner learns of it; nobody else does.
    for (let attempt = 0; !latestMail(email).includes('tried to create'); attempt++) {
      if (attempt > 50) throw new Error('no notice to the owner');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(latestMail(email)).toContain('/forgot-password');
    expect(latestMail(email)).not.toContain('another-long-password');
    // The first account keeps its password; the second attempt created nothing.
    expect((await trySignIn(email, PASSWORD)).signedIn).toBe(true);
    expect((await trySignIn(email, 'another-long-password')).signedIn).toBe(false);
  });

  it('signs the person in when they open the confirmation link', async () => {
    const email = uniqueEmail('link-signs-in');
    const client = new Client();
    expect((await postSignUp(client, email)).status).toBe(303);
    expectSignInRedirect(await client.get('/dashboard'));
    const opened = await client.get(await waitForMailLink(email, '/verify-email'));
    expect(opened.location).toBe('/dashboard?notice=verified');
    expect((await client.get('/dashboard')).status).toBe(200);
  });
});

describe('e-mail verification', () => {
  it('accepts a verification link once, refuses reuse by others and invented tokens with 400', async () => {
    const client = new Client();
    const email = uniqueEmail('verify');
    expect((await signUp(client, email)).status).toBe(303);
    expect((await client.get('/dashboard')).html).toContain('Please confirm your e-mail address to enrol in courses.');
    const link = await waitForMailLink(email, '/verify-email');

    const first = await client.get(link);
    expect(first.status).toBe(303);
    expect(first.location).toBe('/dashboard?notice=verified');
    expect((await client.get('/dashboard')).html).not.toContain('Please confirm your e-mail address to enrol in courses.');

    // Opening it again as the verified person (a mail scanner may have opened it first) still says verified.
    const second = await client.get(link);
    expect(second.location).toBe('/dashboard?notice=verified');
    // For anyone else the used link is dead.
    const elsewhere = await new Client().get(link);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.html).toContain('This confirmation link is not valid any more.');

    const invented = await new Client().get('/verify-email?token=aW52ZW50ZWQtdG9rZW4tdGhhdC1uZXZlci1leGlzdGVk');
    expect(invented.status).toBe(400);
    expect((await new Client().get('/verify-email')).status).toBe(400);

    // An unverified account stays unverified after an invented token.
    const other = new Client();
    const otherEmail = uniqueEmail('unverified');
    expect((await signUp(other, otherEmail)).status).toBe(303);
    expect((await other.get('/verify-email?token=not-the-real-token')).status).toBe(400);
    expect((await other.post('/courses/social-media-strategy/enrol', [])).status).toBe(403);
  });
});

describe('sign-in throttling', () => {
  it('blocks an account after five wrong passwords, with Retry-After, even for the right password', async () => {
    const email = uniqueEmail('throttle');
    expect((await signUp(new Client(), email)).status).toBe(303);

    const statuses: number[] = [];
    let blocked: Page | undefined;
    for (let attempt = 1; attempt <= 6 && !blocked; attempt++) {
      const { page } = await trySignIn(email, `wrong-password-${attempt}`);
      statuses.push(page.status);
      if (page.status === 429) blocked = page;
    }
    // Four plain refusals, then the block on the fifth or sixth attempt.
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect([5, 6]).toContain(statuses.length);
    expect(blocked).toBeDefined();
    const retryAfter = Number(blocked!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(blocked!.html).toMatch(/Too many attempts\. Try again in (1 minute|\d+ minutes)\./);

    const right = await trySignIn(email, PASSWORD);
    expect(right.page.status).toBe(429);
    expect(Number(right.page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.signedIn).toBe(false);
    expect(right.client.cookies.has('session')).toBe(false);
  });
});

describe('password reset', () => {
  it('says the same for unknown and known addresses, resets once, and ends older sessions', async () => {
    const email = uniqueEmail('reset');
    const earlier = new Client();
    expect((await signUp(earlier, email)).status).toBe(303);
    expect((await earlier.get('/dashboard')).status).toBe(200);

    const unknownAddress = uniqueEmail('nobody');
    const unknown = await new Client().post('/forgot-password', [['email', unknownAddress]]);
    const known = await new Client().post('/forgot-password', [['email', email]]);
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(known.html).toContain('If an account exists for that address, a link is on its way.');
    expect(unknown.html).toBe(known.html);
    expect(() => latestMail(unknownAddress)).toThrow(/no mail/);

    const link = await waitForMailLink(email, '/reset-password');
    const token = new URL(link, 'http://site.invalid').searchParams.get('token')!;
    const resetter = new Client();
    const form = await resetter.get(link);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`name="token" value="${token}"`);

    const newPassword = 'a-brand-new-password-2';
    const done = await resetter.post('/reset-password', [['token', token], ['password', newPassword]]);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/dashboard?notice=password-reset');
    expect((await resetter.get('/dashboard')).status).toBe(200);
    // The session started before the reset is over.
    expectSignInRedirect(await earlier.get('/dashboard'));

    // The link works once.
    expect((await new Client().get(link)).status).toBe(400);
    const reused = await new Client().post('/reset-password', [['token', token], ['password', 'an-attackers-password']]);
    expect(reused.status).toBe(400);
    expect((await trySignIn(email, 'an-attackers-password')).signedIn).toBe(false);

    expect((await trySignIn(email, PASSWORD)).signedIn).toBe(false);
    expect((await trySignIn(email, newPassword)).signedIn).toBe(true);
  });
  it('stops a reset link sent to the old address from working once the address is changed', async () => {
    // Someone who can read the old mailbox (the reason people change address) must not get in.
    const { client, email } = await newVerifiedLearner('Moving Learner');
    expect((await new Client().post('/forgot-password', [['email', email]])).status).toBe(200);
    const link = await waitForMailLink(email, '/reset-password');
    const token = new URL(link, 'http://site.invalid').searchParams.get('token')!;

    const newEmail = uniqueEmail('moved');
    const changed = await client.post('/account', [['intent', 'email'], ['email', newEmail], ['currentPassword', PASSWORD]]);
    expect(changed.status).toBe(303);
    expect(JSON.parse((await client.get('/account/export.json')).html).account.email).toBe(newEmail);

    const oldMailbox = new Client();
    const used = await oldMailbox.post('/reset-password', [['token', token], ['password', 'old-mailbox-password-1']]);
    expect(used.status).toBe(400);
    expect(used.location).toBeNull();
    expectSignInRedirect(await oldMailbox.get('/account'));
    // The owner stays signed in and keeps the password.
    expect((await client.get('/dashboard')).status).toBe(200);
    expect((await trySignIn(newEmail, PASSWORD)).signedIn).toBe(true);
  });
});

describe('account page', () => {
  it('changes the name', async () => {
    const { client } = await newVerifiedLearner('Old Name');
    const before = await client.get('/account');
    expect(before.html).toMatch(/<input id="name-form-name"[^>]*value="Old Name"/);
    const saved = await client.post('/account', [['intent', 'name'], ['name', 'Brand New Name']]);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/account?notice=saved');
    const after = await client.get(saved.location!);
    expect(after.html).toMatch(/<input id="name-form-name"[^>]*value="Brand New Name"/);
    expect(after.html).toContain('Saved.');
    expect(JSON.parse((await client.get('/account/export.json')).html).account.name).toBe('Brand New Name');

    const empty = await client.post('/account', [['intent', 'name'], ['name', ' ']]);
    expect(empty.status).toBe(422);
    expect(fieldError(empty.html, 'name-form-name')?.message).toBe('Enter your name.');
  });

  it('changes the password only with the current one, ending other sessions but not this one', async () => {
    const { client, email } = await newVerifiedLearner();
    const other = new Client();
    await other.signIn(email, PASSWORD);
    expect((await other.get('/dashboard')).status).toBe(200);

    const wrong = await client.post('/account', [['intent', 'password'], ['currentPassword', 'not-my-password'], ['password', 'a-new-password-3']]);
    expect(wrong.status).toBe(400);
    expect(fieldError(wrong.html, 'password-form-currentPassword')?.message).toBe('That is not your current password.');
    expect(wrong.html).not.toContain('a-new-password-3');
    expect((await other.get('/dashboard')).status).toBe(200);

    const oldCookie = client.cookies.get('session')!;
    const changed = await client.post('/account', [['intent', 'password'], ['currentPassword', PASSWORD], ['password', 'a-new-password-3']]);
    expect(changed.status).toBe(303);
    // This browser got a new session; a copy of the old cookie no longer works.
    expect(client.cookies.get('session')).not.toBe(oldCookie);
    const copied = new Client();
    copied.cookies.set('session', oldCookie);
    expectSignInRedirect(await copied.get('/dashboard'));
    expect(changed.location).toBe('/account?notice=saved');
    expect((await client.get('/account')).status).toBe(200);
    expect((await client.get('/dashboard')).status).toBe(200);
    expectSignInRedirect(await other.get('/dashboard'));
    expect((await trySignIn(email, 'a-new-password-3')).signedIn).toBe(true);
  });

  it('downloads the data as a JSON attachment', async () => {
    const { client, email } = await newVerifiedLearner('Data Owner');
    const page = await client.get('/account/export.json');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^application\/json/);
    expect(page.headers.get('content-disposition')).toMatch(/^attachment;\s*filename="[^"]+\.json"$/);
    const data = JSON.parse(page.html);
    expect(data.account.email).toBe(email);
    expect(data.account.name).toBe('Data Owner');
    expect(data.account.emailVerifiedAt).not.toBeNull();
    expect(page.html).not.toMatch(/passwordHash|argon2/);
  });

  it('deletes the account only with the password and the confirmation, and frees the address', async () => {
    const { client, email } = await newVerifiedLearner('Leaving Learner');
    const other = new Client();
    await other.signIn(email, PASSWORD);

    const unconfirmed = await client.post('/account', [['intent', 'delete'], ['currentPassword', PASSWORD]]);
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.html).toContain('<p class="field-error" id="delete-confirm-error">Tick the box to confirm.</p>');
    expect(unconfirmed.html).toMatch(/<input type="checkbox" id="delete-confirm" name="confirm" aria-describedby="delete-confirm-error"/);
    expect((await client.get('/account')).status).toBe(200);

    const noPassword = await client.post('/account', [['intent', 'delete'], ['currentPassword', ''], ['confirm', 'on']]);
    expect(noPassword.status).toBe(422);
    expect(fieldError(noPassword.html, 'delete-form-currentPassword')?.message).toBe('Enter your password.');

    const wrongPassword = await client.post('/account', [['intent', 'delete'], ['currentPassword', 'not-my-password'], ['confirm', 'on']]);
    expect(wrongPassword.status).toBe(400);
    expect(fieldError(wrongPassword.html, 'delete-form-currentPassword')?.message).toBe('That is not your current password.');
    expect((await client.get('/account')).status).toBe(200);

    const deleted = await client.post('/account', [['intent', 'delete'], ['currentPassword', PASSWORD], ['confirm', 'on']]);
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe('/?notice=deleted');
    expect(client.cookies.has('session')).toBe(false);
    expectSignInRedirect(await client.get('/account'));
    expectSignInRedirect(await other.get('/dashboard'));
    expect((await other.get('/account/export.json')).status).toBe(401);

    const signIn = await trySignIn(email, PASSWORD);
    expect(signIn.page.status).toBe(400);
    expect(signIn.signedIn).toBe(false);

    const again = new Client();
    const signUpAgain = await signUp(again, email, 'Returning Learner', 'a-fresh-password-4');
    expect(signUpAgain.status).toBe(303);
    const data = JSON.parse((await again.get('/account/export.json')).html);
    expect(data.account.email).toBe(email);
    expect(data.account.name).toBe('Returning Learner');
    expect(data.enrolments).toEqual([]);
  });
});

describe('bad requests are answered with a 4xx, never a 500', () => {
  it('treats a body that is not a form as an empty form', async () => {
    const client = new Client();
    for (const path of ['/sign-in', '/sign-up', '/forgot-password', '/assessment']) {
      const page = await client.request(path, { method: 'POST', body: '{"email":"x"}', headers: { Origin: client.baseUrl, 'Content-Type': 'application/json' } });
      expect(page.status, path).toBe(422);
    }
  });

  it('refuses unknown account actions, including inherited property names', async () => {
    const { client } = await newVerifiedLearner();
    for (const intent of ['__proto__', 'toString', 'nonsense']) {
      expect((await client.post('/account', [['intent', intent]])).status, intent).toBe(400);
    }
  });
});

