/**
 * Lesson discussions on a real database: a pending comment is in no page, count, mail or export
 * of anyone but its author (and the moderators); approval publishes it and only then notifies;
 * rejection tells the author why; hostile Markdown stays inert; posting is limited and needs enrolment.
 */
import { describe, expect, it } from 'vitest';
import { person, refusal } from '../support/people.ts';
import { freshDb } from '../support/db.ts';
import { queuedMails } from '../support/mail.ts';
import type { Db } from '../../src/lib/db/client.ts';
import { commentsOf, commentsOfLesson, moderate, moderationQueue, postComment, reportComment } from '../../src/lib/discussions/comments.ts';
import { renderMarkdown } from '../../src/lib/http/markdown.ts';
import { exportUserData } from '../../src/lib/account/personal-data.ts';

const place = { courseSlug: 'course', lessonSlug: '01-start', canComment: true };

describe('lesson discussions', () => {
  it('show a pending comment to its author and the moderators only, in lists, counts, mails and exports', async () => {
    const db = freshDb();
    const [author, other, moderator] = [await person(db, 'Author'), await person(db, 'Other'), await person(db, 'Mod', ['moderator'])];
    const id = postComment(db, author, place, { body: 'A secret *draft* thought' });
    const forOther = commentsOfLesson(db, other, place.courseSlug, place.lessonSlug);
    expect(forOther).toEqual({ threads: [], count: 0 });
    expect(commentsOfLesson(db, null, place.courseSlug, place.lessonSlug).count).toBe(0);
    const own = commentsOfLesson(db, author, place.courseSlug, place.lessonSlug);
    expect(own.count).toBe(1);
    expect(own.threads[0]).toMatchObject({ id, status: 'pending', isOwn: true });
    expect(moderationQueue(db, moderator).pending.map((row) => row.comment.id)).toEqual([id]);
    expect(JSON.stringify(exportUserData(db, other.id))).not.toContain('secret');
    expect(exportUserData(db, author.id).lessonComments.map((c) => c.body)).toEqual(['A secret *draft* thought']);
    // A reply to a comment the replier cannot see is refused, so nobody learns it exists.
    expect(refusal(() => postComment(db, other, place, { body: 'Re', parentId: id }))).toBe('404 discussion.unknown');
    expect(queuedMails(db)).toHaveLength(0);
  });

  it('notify the parent author only once a reply is approved, and tell a rejected author why', async () => {
    const db = freshDb();
    const [author, replier, moderator] = [await person(db, 'Author'), await person(db, 'Replier'), await person(db, 'Mod', ['moderator'])];
    const top = postComment(db, author, place, { body: 'Question about reach' });
    moderate(db, moderator, top, { kind: 'approve' }, 'http://site.test');
    const reply = postComment(db, replier, place, { body: 'An answer' });
    const threaded = postComment(db, replier, place, { body: 'A reply', parentId: top });
    expect(queuedMails(db, author.email)).toHaveLength(0);
    moderate(db, moderator, threaded, { kind: 'approve' }, 'http://site.test');
    moderate(db, moderator, threaded, { kind: 'approve' }, 'http://site.test');
    const mails = queuedMails(db, author.email);
    expect(mails.map((m) => m.kind)).toEqual(['comment-reply']);
    expect(mails[0].text).toContain(`#comment-${threaded}`);
    expect(refusal(() => moderate(db, moderator, reply, { kind: 'reject', reason: '' }, 'http://site.test'))).toBe('422 discussion.reasonRequired');
    moderate(db, moderator, reply, { kind: 'reject', reason: 'Please stay on the topic of the lesson.' }, 'http://site.test');
    expect(queuedMails(db, replier.email)[0]).toMatchObject({ kind: 'comment-rejected' });
    expect(queuedMails(db, replier.email)[0].text).toContain('Please stay on the topic of the lesson.');
    const forReplier = commentsOfLesson(db, replier, place.courseSlug, place.lessonSlug);
    expect(forReplier.threads.map((t) => [t.id, t.status])).toEqual([[top, 'approved'], [reply, 'rejected']]);
    expect(forReplier.threads[0].replies.map((r) => r.id)).toEqual([threaded]);
    expect(commentsOfLesson(db, author, place.courseSlug, place.lessonSlug).count).toBe(2);
  });

  it('render Markdown with hostile input inert', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) ![pixel](https://tracker.example/p.gif) [ok](https://example.com)');
    expect(html).not.toMatch(/<script|<img|<[^>]*onerror|href="javascript/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://example.com" rel="nofollow ugc noopener">ok</a>');
  });

  it('need enrolment, limit posting, and keep moderation to moderators', async () => {
    const db = freshDb();
    const [learner, tutor, admin] = [await person(db, 'Learner'), await person(db, 'Tutor', ['tutor']), await person(db, 'Admin', ['admin'])];
    expect(refusal(() => postComment(db, learner, { ...place, canComment: false }, { body: 'Hi' }))).toBe('403 discussion.enrolFirst');
    expect(refusal(() => postComment(db, null, place, { body: 'Hi' }))).toBe('401 error.signInRequired');
    expect(refusal(() => postComment(db, learner, place, { body: '   ' }))).toBe('422 discussion.empty');
    for (let i = 0; i < 5; i++) postComment(db, learner, place, { body: `Comment ${i}` });
    expect(refusal(() => postComment(db, learner, place, { body: 'One too many' }))).toBe('429 discussion.tooMany');
    for (const who of [null, learner, tutor]) expect(refusal(() => moderationQueue(db, who))).toMatch(/^40[13] /);
    expect(refusal(() => moderationQueue(db, admin))).toBe('ok');
    expect(refusal(() => moderate(db, tutor, 1, { kind: 'approve' }, 'http://site.test'))).toBe('403 error.forbidden');
  });

  it('bring reported comments to the moderators, who keep or reject them', async () => {
    const db = freshDb();
    const [author, reader, moderator] = [await person(db, 'Author'), await person(db, 'Reader'), await person(db, 'Mod', ['moderator'])];
    const id = postComment(db, author, place, { body: 'Buy followers here' });
    expect(refusal(() => reportComment(db, reader, place, id, 'spam'))).toBe('404 discussion.unknown');
    moderate(db, moderator, id, { kind: 'approve' }, 'http://site.test');
    reportComment(db, reader, place, id, 'spam');
    expect(moderationQueue(db, moderator).reported.map((r) => [r.comment.id, r.reports])).toEqual([[id, 1]]);
    moderate(db, moderator, id, { kind: 'reject', reason: 'Advertising is not allowed here.' }, 'http://site.test');
    expect(moderationQueue(db, moderator).reported).toEqual([]);
    expect(commentsOfLesson(db, reader, place.courseSlug, place.lessonSlug).count).toBe(0);
    expect(commentsOf(db, author.id)[0]).toMatchObject({ status: 'rejected', rejectReason: 'Advertising is not allowed here.' });
  });
});
