import type { APIRoute } from 'astro';
import { courseStructure, getCourseOutline } from '../../../lib/courses/content.ts';
import { enrol } from '../../../lib/progress/progress.ts';
import { getDb } from '../../../lib/db/client.ts';
import { AppError } from '../../../lib/forms.ts';
import { signInUrl } from '../../../lib/http.ts';

/** One-click enrolment; sending it twice changes nothing. */
export const POST: APIRoute = async ({ params, locals, redirect }) => {
  const outline = await getCourseOutline(params.course ?? '');
  if (!outline) return new Response(locals.t('notFound.title'), { status: 404 });
  const base = `/courses/${outline.course.id}`;
  if (!locals.user) return redirect(signInUrl(base), 303);
  try {
    enrol(getDb(), locals.user, courseStructure(outline));
    return redirect(`${base}?notice=enrolled`, 303);
  } catch (error) {
    if (error instanceof AppError) return new Response(locals.t(error.key), { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    throw error;
  }
};
