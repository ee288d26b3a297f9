import { describe, expect, it } from 'vitest';
import { BodyCache, splitAtTasks, taskMarker } from '../../src/lib/courses/body-cache.ts';

describe('lesson body cache', () => {
  it('splits a rendered body at its task markers, keeping the HTML around them byte for byte', () => {
    const html = `<h2>Why</h2><p>Text</p>${taskMarker('reflect-1')}<p>More &amp; more</p>${taskMarker('quiz_2')}`;
    expect(splitAtTasks(html)).toEqual([{ html: '<h2>Why</h2><p>Text</p>' }, { taskId: 'reflect-1' }, { html: '<p>More &amp; more</p>' }, { taskId: 'quiz_2' }]);
    expect(splitAtTasks('<p>No tasks</p>')).toEqual([{ html: '<p>No tasks</p>' }]);
    // An author's own HTML comment is not a marker.
    expect(splitAtTasks('<!-- cw-task:x --><p>a</p>')).toEqual([{ html: '<!-- cw-task:x --><p>a</p>' }]);
  });

  it('keeps the bodies read most recently and lets the oldest go', () => {
    const cache = new BodyCache(2);
    cache.set('a', [{ html: 'a' }]);
    cache.set('b', [{ html: 'b' }]);
    expect(cache.get('a')).toEqual([{ html: 'a' }]);
    cache.set('c', [{ html: 'c' }]);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual([{ html: 'a' }]);
    expect(cache.size).toBe(2);
  });
});
