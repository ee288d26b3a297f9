import { describe, expect, it } from 'vitest';
import { Client, newVerifiedLearner, waitForMailLink } from '../support/http.ts';
import { answerFields } from '../support/assessment.ts';

describe('skills-gap self-assessment', () => {
  it('is offered in all three languages, with every part', async () => {
    const client = new Client();
    for (const [language, title] of [['en', 'Where are you strong'], ['de', 'Wo bist du stark'], ['sv', 'Var är du stark']] as const) {
      const page = await client.get('/assessment', { 'Accept-Language': language });
      expect(page.status).toBe(200);
      expect(page.html).toContain(`<html lang="${language}"`);
      expect(page.html).toContain(title);
      expect(page.html.match(/<section id="part-/g)?.length).toBe(11);
    }
  });

  it('refuses missing and out-of-range answers with a message per field and keeps the answers', async () => {
    const client = new Client();
    const fields = (await answerFields()).filter(([name]) => name !== 'goal' && name !== 'skill.paid-social');
    fields.push(['skill.paid-social', '9']);
    const page = await client.post('/assessment', fields);
    expect(page.status).toBe(422);
    expect(page.html).toContain('id="goal-error"');
    expect(page.html).toContain('id="skill-paid-social-error"');
    expect(page.html).toContain('Only values from 1 to 5 are possible.');
    expect(page.html).toMatch(/id="skill-content-creation-4" name="skill.content-creation" value="4" checked/);
    expect(page.html).toMatch(/id="role-solo-generalist" name="role" value="solo-generalist" checked/);
  });

  it('shows the result at a private link: chart, table, gaps, recommendations and a learning path', async () => {
    const client = new Client();
    const sent = await client.post('/assessment', await answerFields({ weak: ['strategy-planning', 'analytics-reporting'] }));
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/assessment\/results\/[A-Za-z0-9_-]{20,}$/);
    const result = await client.get(sent.location!);
    expect(result.status).toBe(200);
    expect(result.headers.get('x-robots-tag')).toBe('noindex');
    expect(result.html).toContain('role="img"');
    expect(result.html.match(/<th scope="row">/g)?.length).toBe(10);
    expect(result.html).toMatch(/Your three largest gaps[\s\S]*Strategy and planning/);
    expect(result.html).toContain('Specializations that fit you');
    expect(result.html).toContain('How this was calculated');
    expect(result.html).toContain('href="/courses/social-media-strategy"');
    expect((await client.get('/assessment/results/not-a-real-result-id')).status).toBe(404);
  });

  it('attaches an anonymous result on sign-up and compares two attempts', async () => {
    const { client } = await newVerifiedLearner();
    // A fresh learner: no history yet.
    expect((await client.get('/assessment/history')).html).toContain('You have not taken the self-assessment yet.');
    const anonymous = new Client();
    const first = await anonymous.post('/assessment', await answerFields({ skill: 2 }));
    expect(first.status).toBe(303);
    // Signing up and confirming the address in the same browser claims the result taken before.
    const annaEmail = `anna-${Date.now()}@test.example`;
    const signUp = await anonymous.post('/sign-up', [['name', 'Anna'], ['email', annaEmail], ['password', 'a-long-password-1']]);
    expect(signUp.status).toBe(303);
    expect((await anonymous.get(await waitForMailLink(annaEmail, '/verify-email'))).location).toBe('/dashboard?notice=verified');
    const second = await anonymous.post('/assessment', await answerFields({ skill: 5 }));
    expect(second.status).toBe(303);
    const history = await anonymous.get('/assessment/history');
    expect(history.html).toContain(`href="${first.location}"`);
    expect(history.html).toContain(`href="${second.location}"`);
    expect(history.html).toContain('How your profile changed');
    // Skill 0.6 × 2 + 0.4 × 5 = 3.2 before, 5 after.
    expect(history.html).toMatch(/\+1[.,]8/);
    // Someone else's history does not show these results.
    expect((await client.get('/assessment/history')).html).not.toContain(first.location!);
  });
});
