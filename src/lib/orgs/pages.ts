/**
 * The organisation pages as data: each reads the request, checks access (access.ts), runs the
 * action a form asked for, and returns what the page renders. Pages stay thin.
 */
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Language } from '../i18n/language.ts';
import { AppError } from '../http/errors.ts';
import { attempt, parseForm, type FieldErrors } from '../http/forms.ts';
import { signUpForm } from '../auth/forms.ts';
import { loadSessionUser } from '../auth/sessions.ts';
import { publicBaseUrl, readForm } from '../http/requests.ts';
import { courseStructure, listCourseOutlines, specializationTitles } from '../courses/content.ts';
import { loadAssessmentContent } from '../assessment/content.ts';
import { FUNCTION_IDS } from '../assessment/scoring.ts';
import { myOrganisations, requireOrgAdmin, requireOrgMember } from './access.ts';
import { assignCourse, assignmentsForMember, assignmentsOf, DEFAULT_REMINDER_OFFSETS, remindersOf, removeAssignment } from './assignments.ts';
import { teamCoverage } from './coverage.ts';
import { dashboardCsv, orgDashboard, parseDashboardFilters, type CourseInfo } from './dashboard.ts';
import { acceptInvitation, createAccountFromInvitation, openInvitations, parseInviteRows, planInvitations, sendInvitations, viewInvitation, withdrawInvitation, type RowPlan } from './invitations.ts';

import { changeMember, createOrganisation, removeLogo, setAssessmentSharing, updateOrganisation, uploadLogo, type MemberAction } from './organisations.ts';
import { POOL_SEAT, seatBalances, seatLedgerOf } from './seats.ts';
import { readMembers, teamsOf } from './team-data.ts';

export interface OrgCourse extends CourseInfo {
  language: Language;
  functions: string[];
  free: boolean;
  /** Price of one seat for this course (its eCourse price), when it can be bought. */
  seatPrice: number | null;
}

/** Every published course with what the organisation pages need. */
export async function orgCourses(): Promise<OrgCourse[]> {
  return (await listCourseOutlines()).map((outline) => {
    const structure = courseStructure(outline);
    const data = outline.course.data;
    const steps = structure.lessons.reduce((n, l) => n + l.taskIds.length, 0) + structure.final.taskIds.length + 1;
    return {
      slug: outline.course.id,
      title: data.title,
      steps,
      language: data.language,
      functions: data.specializations.filter((s) => (FUNCTION_IDS as readonly string[]).includes(s)),
      free: structure.free,
      seatPrice: data.offers.find((o) => o.kind === 'ecourse')?.price ?? null,
    };
  });
}

const newAccountForm = signUpForm.pick({ name: true, password: true });
const text = (form: FormData, name: string) => String(form.get(name) ?? '');

/** /org: my organisations, and a form to create one. */
export async function orgIndexPage(db: Db, user: SessionUser | null | undefined, request: Request) {
  if (!user) throw new AppError(401, 'error.signInRequired');
  let failed: AppError | undefined;
  let values = { name: '', note: '' };
  if (request.method === 'POST') {
    const form = await readForm(request);
    values = { name: text(form, 'name'), note: text(form, 'note') };
    const outcome = await attempt(() => createOrganisation(db, user, values));
    if (outcome.ok) return { redirect: `/org/${outcome.result}?notice=created` } as const;
    failed = outcome.error;
  }
  return { redirect: null, organisations: myOrganisations(db, user.id), failed, values, status: failed?.status ?? 200 } as const;
}

/** /org/<slug>: the dashboard for admins; for members, their own view (learning time, assignments, sharing). */
export async function orgHomePage(db: Db, user: SessionUser | null | undefined, slug: string, request: Request, url: URL) {
  const access = requireOrgMember(db, user, slug);
  if (request.method === 'POST') {
    const form = await readForm(request);
    if (form.get('intent') === 'share' || form.get('intent') === 'unshare') {
      setAssessmentSharing(db, access, form.get('intent') === 'share');
      return { redirect: `/org/${slug}?notice=sharing` } as const;
    }
    throw new AppError(400, 'error.invalid');
  }
  const courses = await orgCourses();
  const titles = new Map(courses.map((c) => [c.slug, c.title]));
  const mine = assignmentsForMember(db, access.user.id).filter((a) => a.organisationId === access.org.id);
  if (!access.isAdmin) return { redirect: null, access, dashboard: null, mine, titles, filters: null, seats: [] } as const;
  const filters = parseDashboardFilters(url.searchParams);
  return { redirect: null, access, dashboard: orgDashboard(db, access, courses, filters), mine, titles, filters, seats: seatBalances(db, access.org.id), courses } as const;
}

export async function orgExport(db: Db, user: SessionUser | null | undefined, slug: string, url: URL): Promise<{ csv: string; filename: string }> {
  const access = requireOrgAdmin(db, user, slug);
  const csv = dashboardCsv(db, access, await orgCourses(), parseDashboardFilters(url.searchParams), publicBaseUrl());
  return { csv, filename: `${access.org.slug}-progress-${new Date().toISOString().slice(0, 10)}.csv` };
}

function memberAction(form: FormData): MemberAction {
  const intent = text(form, 'intent');
  if (intent === 'make-admin' || intent === 'make-member') return { kind: 'role', role: intent === 'make-admin' ? 'admin' : 'member' };
  if (intent === 'team') return { kind: 'team', team: text(form, 'team') };
  if (intent === 'seat') return { kind: 'seat', seat: text(form, 'seat') || POOL_SEAT };
  if (intent === 'release-seat') return { kind: 'release-seat' };
  if (intent === 'remove') return { kind: 'remove' };
  throw new AppError(400, 'error.invalid');
}

export const MEMBERS_PER_PAGE = 50;

/** /org/<slug>/members: members and their seats and teams (searchable, 50 a page); invitations one by one, as a list or a CSV file, with a dry run. */
export async function membersPage(db: Db, user: SessionUser | null | undefined, slug: string, request: Request, lang: Language, url: URL) {
  const access = requireOrgAdmin(db, user, slug);
  const courses = await orgCourses();
  const courseSlugs = courses.map((c) => c.slug);
  let failed: { error: AppError; userId?: string } | undefined;
  let preview = null as RowPlan[] | null;
  let sent = null as RowPlan[] | null;
  let rowsText = '';
  let defaultSeat = POOL_SEAT;
  if (request.method === 'POST') {
    const form = await readForm(request);
    const intent = text(form, 'intent');
    defaultSeat = text(form, 'seat') || POOL_SEAT;
    const outcome = await attempt(async () => {
      if (intent === 'preview' || intent === 'send') {
        const file = form.get('file');
        rowsText = file instanceof File && file.size > 0 ? await file.text() : text(form, 'rows');
        if (!rowsText.trim()) throw new AppError(422, 'org.invite.empty', 'rows');
        const rows = parseInviteRows(rowsText);
        if (defaultSeat !== POOL_SEAT && !courseSlugs.includes(defaultSeat)) throw new AppError(422, 'org.assign.courseUnknown', 'seat');
        if (intent === 'preview') preview = planInvitations(db, access, rows, courseSlugs, defaultSeat);
        else sent = sendInvitations(db, access, rows, { courseSlugs, defaultSeat, language: lang, baseUrl: publicBaseUrl() });
        return null;
      }
      if (intent === 'withdraw') {
        withdrawInvitation(db, access, text(form, 'invitation'));
        return `/org/${slug}/members?notice=withdrawn`;
      }
      changeMember(db, access, text(form, 'member'), memberAction(form));
      return `/org/${slug}/members?notice=saved`;
    });
    if (outcome.ok && outcome.result) return { redirect: outcome.result } as const;
    if (!outcome.ok) failed = { error: outcome.error, userId: text(form, 'member') || undefined };
  }
  const members = readMembers(db, access.org.id);
  const query = (url.searchParams.get('q') ?? '').trim().toLowerCase().slice(0, 100);
  const found = query ? members.filter((m) => m.name.toLowerCase().includes(query) || m.email.includes(query) || (m.team ?? '').toLowerCase().includes(query)) : members;
  const pages = Math.max(1, Math.ceil(found.length / MEMBERS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, Number(url.searchParams.get('page')) || 1));
  return {
    redirect: null,
    access,
    members: found.slice((page - 1) * MEMBERS_PER_PAGE, page * MEMBERS_PER_PAGE),
    memberPaging: { query, page, pages, found: found.length, total: members.length },
    teams: teamsOf(members),
    invitations: openInvitations(db, access),
    seats: seatBalances(db, access.org.id),
    courses,
    preview,
    sent,
    rowsText,
    defaultSeat,
    failed,
    status: failed?.error.status ?? 200,
  } as const;
}

/** /org/<slug>/assignments: assign courses with due dates and reminders; what each reminder did. */
export async function assignmentsPage(db: Db, user: SessionUser | null | undefined, slug: string, request: Request, url: URL) {
  const access = requireOrgAdmin(db, user, slug);
  const courses = await orgCourses();
  let failed: AppError | undefined;
  let values = { course: url.searchParams.get('course') ?? '', target: url.searchParams.get('target') ?? 'everyone', due: '', offsets: DEFAULT_REMINDER_OFFSETS.join(', ') };
  if (request.method === 'POST') {
    const form = await readForm(request);
    const intent = text(form, 'intent');
    values = { course: text(form, 'course'), target: text(form, 'target'), due: text(form, 'due'), offsets: text(form, 'offsets') };
    const outcome = await attempt(() => {
      if (intent === 'remove') removeAssignment(db, access, Number(text(form, 'assignment')));
      else assignCourse(db, access, { courseSlug: values.course, target: values.target, due: values.due, offsets: values.offsets }, courses.map((c) => c.slug));
      return `/org/${slug}/assignments?notice=${intent === 'remove' ? 'removed' : 'assigned'}`;
    });
    if (outcome.ok) return { redirect: text(form, 'back') === 'coverage' && intent !== 'remove' ? `/org/${slug}/coverage?notice=assigned` : outcome.result } as const;
    failed = outcome.error;
  }
  const shown = Number(url.searchParams.get('reminders') ?? '0');
  const members = readMembers(db, access.org.id);
  return {
    redirect: null,
    access,
    courses,
    members,
    teams: teamsOf(members),
    assignments: assignmentsOf(db, access),
    reminders: shown ? { id: shown, rows: remindersOf(db, access, shown) } : null,
    values,
    failed,
    status: failed?.status ?? 200,
  } as const;
}

/** /org/<slug>/coverage: the team coverage map. */
export async function coveragePage(db: Db, user: SessionUser | null | undefined, slug: string, url: URL, lang: Language) {
  const access = requireOrgAdmin(db, user, slug);
  const courses = await orgCourses();
  const { items } = await loadAssessmentContent();
  const team = (url.searchParams.get('team') ?? '').slice(0, 60);
  const coverage = teamCoverage(db, access, courses, items, team);
  // Courses that build each function, the reader's language first (for "assign a course" from a gap).
  const coursesFor = (id: string) => courses.filter((c) => c.functions.includes(id)).sort((a, b) => Number(b.language === lang) - Number(a.language === lang));
  return { access, coverage, team, coursesFor, titles: await specializationTitles(lang) } as const;
}

/** /org/<slug>/seats: balances, the ledger, and the forms that buy more. */
export async function seatsPage(db: Db, user: SessionUser | null | undefined, slug: string) {
  const access = requireOrgAdmin(db, user, slug);
  const courses = await orgCourses();
  return { access, seats: seatBalances(db, access.org.id), ledger: seatLedgerOf(db, access.org.id), courses: courses.filter((c) => !c.free && c.seatPrice !== null) } as const;
}

/** /org/<slug>/settings: name, learning-time note, logo. */
export async function settingsPage(db: Db, user: SessionUser | null | undefined, slug: string, request: Request) {
  const access = requireOrgAdmin(db, user, slug);
  let failed: AppError | undefined;
  let values = { name: access.org.name, note: access.org.learningTimeNote };
  if (request.method === 'POST') {
    const form = await readForm(request);
    const intent = text(form, 'intent');
    if (intent === 'details') values = { name: text(form, 'name'), note: text(form, 'note') };
    const outcome = await attempt(async () => {
      if (intent === 'details') updateOrganisation(db, access, values);
      else if (intent === 'logo') await uploadLogo(db, access, form.get('logo') instanceof File ? (form.get('logo') as File) : null);
      else if (intent === 'remove-logo') removeLogo(db, access);
      else throw new AppError(400, 'error.invalid');
    });
    if (outcome.ok) return { redirect: `/org/${slug}/settings?notice=saved` } as const;
    failed = outcome.error;
  }
  return { redirect: null, access, values, failed, status: failed?.status ?? 200 } as const;
}

/**
 * /org/join?token=…: an invitation. A signed-in person accepts with one button; someone without
 * an account creates one here (the link proves the address); someone with an account signs in first.
 * Returns `startSessionFor` when the page must sign a new account in before redirecting.
 */
export async function joinPage(db: Db, user: SessionUser | null | undefined, request: Request, url: URL, lang: Language) {
  const form = request.method === 'POST' ? await readForm(request) : null;
  const token = form ? text(form, 'token') : (url.searchParams.get('token') ?? '');
  const invitation = viewInvitation(db, token);
  let failed: FieldErrors = {};
  let name = '';
  if (form && user) {
    const slug = acceptInvitation(db, user, token);
    return { redirect: `/org/${slug}?notice=joined`, startSessionFor: null } as const;
  }
  if (form && !invitation.accountExists) {
    const parsed = parseForm(newAccountForm, form);
    name = parsed.values.name ?? '';
    if (parsed.ok) {
      const userId = await createAccountFromInvitation(db, token, { ...parsed.data, language: lang });
      // Signed in either way; if accepting fails (no free seat), the join page says why and offers to try again.
      const accepted = await attempt(() => acceptInvitation(db, loadSessionUser(db, userId), token));
      return { redirect: accepted.ok ? `/org/${accepted.result}?notice=joined` : `/org/join?token=${encodeURIComponent(token)}`, startSessionFor: userId } as const;
    }
    failed = parsed.errors;
  }
  return { redirect: null, startSessionFor: null, invitation, token, failed, name, status: Object.keys(failed).length ? 422 : 200 } as const;
}
