/**
 * Discussions over HTTP against the built server: a learner's comment is invisible to others
 * (text and count) until the moderator approves it; hostile text stays inert on the page; a
 * refused comment comes back with its text so nothing typed is lost.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, newVerifiedLearner } from '../support/http.ts';
import { TEST_ACCOUNTS, TEST_PASSWORD } from '../support/accounts.ts';
import { shippedCourses } from '../support/content.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

let course: ValidatedCourse;
let lessonPath = '';

beforeAll(async () => {
  course = (await shippedCourses()).find((c) => c.meta.offers.some((o) => o.kind === 'free') && c.meta.language === 'en')!;
  lessonPath = `/courses/${course.slug}/${course.lessons[1].slug}`;
});

describe('a lesson discussion', () => {
  it('shows a comment to others only after a moderator approved it, with hostile markup inert', async () => {
    const writer = await newVerifiedLearner('Writer');
    const reader = await newVerifiedLearner('Reader');
    expect((await writer.client.post(`/courses/${course.slug}/enrol`, [])).status).toBe(303);
    const marker = `marker-${Date.now()}`;
    const posted = await writer.client.post(`${lessonPath}/discuss`, [['body', `${marker} <script>alert("x")</script> [link](javascript:alert(1))`]]);
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/notice=comment-pending#comment-\d+$/);
    const id = /#comment-(\d+)$/.exec(posted.location!)![1];

    const own = await writer.client.get(lessonPath);
    expect(own.html).toContain(marker);
    expect(own.html).toContain('Awaiting approval');
    const before = await reader.client.get(lessonPath);
    expect(before.html).not.toContain(marker);
    expect((await new Client().get(lessonPath)).html).not.toContain(marker);

    const moderator = new Client();
    await moderator.signIn(TEST_ACCOUNTS.moderator, TEST_PASSWORD);
    expect((await moderator.get('/moderate')).html).toContain(marker);
    expect((await moderator.post('/moderate', [['comment', id], ['intent', 'approve']])).status).toBe(303);

    const after = await reader.client.get(lessonPath);
    expect(after.html).toContain(marker);
    expect(after.html).not.toContain('<script>alert("x")</script>');
    expect(after.html).toContain('&lt;script&gt;');
    expect(after.html).not.toContain('href="javascript:');
  });

  it('gives a refused comment back with its text, and refuses learners who are not enrolled', async () => {
    const writer = await newVerifiedLearner('Long Writer');
    const notEnrolled = await writer.client.post(`${lessonPath}/discuss`, [['body', 'Hello']]);
    expect(notEnrolled.status).toBe(403);
    expect(notEnrolled.html).toContain('Only learners enrolled in this course');
    expect(notEnrolled.html).toContain('Hello</textarea>');
    await writer.client.post(`/courses/${course.slug}/enrol`, []);
    const tooLong = await writer.client.post(`${lessonPath}/discuss`, [['body', `Start ${'x'.repeat(2100)}`]]);
    expect(tooLong.status).toBe(422);
    expect(tooLong.html).toContain('Keep it under 2000 characters.');
    expect(tooLong.html).toContain('Start xxxx');
  });
});
