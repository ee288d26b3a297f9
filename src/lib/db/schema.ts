/**
 * The database schema. Tables are plural camelCase in TypeScript and snake_case in SQL.
 * Timestamps are Unix epoch seconds (`mode: 'timestamp'` maps them to Date).
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`) and committed.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const ROLES = ['learner', 'tutor', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const createdAt = () => integer('created_at', { mode: 'timestamp' }).notNull().default(sql`(unixepoch())`);

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Lower-cased; null once the account is deleted (the row stays, anonymised, for records a business must keep). */
  email: text('email').unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp' }),
  /** Interface language the person chose, for e-mails. */
  language: text('language', { enum: ['en', 'de', 'sv'] }).notNull().default('en'),
  deletedAt: integer('deleted_at', { mode: 'timestamp' }),
  createdAt: createdAt(),
});

/** Every account is a learner; other roles are granted by a site admin. */
export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    grantedBy: text('granted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/** Sessions as lucia expects them (expires_at in seconds). */
export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 (hex) of the token in the cookie; the token itself is never stored. */
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** Idle limit: moves forward while the session is used (seconds since the epoch, as lucia keeps it). */
    expiresAt: integer('expires_at').notNull(),
    /** When the user signed in; the absolute lifetime counts from here (ms since the epoch). */
    createdAt: integer('created_at').notNull().default(0),
    /** Browser and system as sent at sign-in, shortened, so the user recognises the session in their list. */
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Single-use tokens for e-mail verification and password reset; only a SHA-256 hash is stored. */
export const authTokens = sqliteTable(
  'auth_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose', { enum: ['verify-email', 'reset-password'] }).notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** The address being verified (it may change before the link is used). */
    email: text('email').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp' }),
    createdAt: createdAt(),
  },
  (t) => [index('auth_tokens_user_idx').on(t.userId, t.purpose)],
);

/** Failed sign-ins per key (`account:<email>` or `address:<ip>`), for throttling. */
export const signInFailures = sqliteTable('sign_in_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: integer('window_started_at', { mode: 'timestamp' }).notNull(),
  blockedUntil: integer('blocked_until', { mode: 'timestamp' }),
});

/** Access to a course granted by an admin (paid access arrives with orders). */
export const accessGrants = sqliteTable(
  'access_grants',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    grantedBy: text('granted_by').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug] })],
);

export const enrolments = sqliteTable(
  'enrolments',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    /** Tasks answered in the course, kept in the transaction that saves an answer, so reports over thousands of learners read one row per course. */
    tasksDone: integer('tasks_done').notNull().default(0),
    createdAt: createdAt(),
  },
  // The second index covers the team reports' read (no table lookups for ten thousand members).
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug] }), index('enrolments_course_idx').on(t.courseSlug), index('enrolments_progress_idx').on(t.userId, t.courseSlug, t.tasksDone)],
);

/**
 * One line per learner naming every course they are enrolled in, completed or hold a valid
 * certificate for: `<course>:<tasks done>:<flags>` per course, sorted by course and separated by
 * spaces; flags `e` enrolled, `c` completed, `k` a valid certificate. Written only by SQLite
 * triggers on enrolments, course_completions and certificates (drizzle/0014, docs/decisions/0016),
 * never by application code, so the organisation reports read one short row per member instead
 * of every member-course pair. No row: no course at all.
 */
export const progressDigests = sqliteTable('progress_digests', {
  userId: text('user_id').primaryKey(),
  digest: text('digest').notNull(),
});

/**
 * The current state of one learner's answer to one task, keyed on the course and the stable task
 * id (unique within a course), so lessons can be renamed or renumbered without losing progress.
 */
export const taskResponses = sqliteTable(
  'task_responses',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    /** The lesson the task was in when last answered (for exports; progress does not depend on it). */
    lessonSlug: text('lesson_slug').notNull(),
    taskId: text('task_id').notNull(),
    kind: text('kind', { enum: ['quiz', 'reflection', 'practice', 'checklist'] }).notNull(),
    /** What the learner sent (text, link, confirmed items or chosen options), as JSON. */
    answer: text('answer', { mode: 'json' }).notNull(),
    /** Quiz only: right answers in the latest attempt, and the best so far. */
    score: integer('score'),
    bestScore: integer('best_score'),
    total: integer('total'),
    attempts: integer('attempts').notNull().default(1),
    completedAt: integer('completed_at', { mode: 'timestamp' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug, t.taskId] })],
);

/** Every quiz and final-assessment attempt, so retries are on record. */
export const quizAttempts = sqliteTable(
  'quiz_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    lessonSlug: text('lesson_slug').notNull(),
    /** The quiz task id, or `final-assessment`. */
    taskId: text('task_id').notNull(),
    answers: text('answers', { mode: 'json' }).notNull(),
    score: integer('score').notNull(),
    total: integer('total').notNull(),
    percent: integer('percent').notNull(),
    passed: integer('passed', { mode: 'boolean' }),
    createdAt: createdAt(),
  },
  (t) => [index('quiz_attempts_user_idx').on(t.userId, t.courseSlug, t.taskId)],
);

/**
 * The questions drawn for a learner's next final-assessment attempt, when the course's pool holds
 * more questions than one attempt asks: drawn when the attempt is shown, graded when it is sent,
 * then removed so the next attempt draws afresh.
 */
export const finalDraws = sqliteTable(
  'final_draws',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    /** Ids of the drawn questions, in the order drawn. */
    questionIds: text('question_ids', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug] })],
);

/** A completed course; exactly one per learner and course (certificates hook in here). */
export const courseCompletions = sqliteTable(
  'course_completions',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    courseVersion: integer('course_version').notNull(),
    finalPercent: integer('final_percent').notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp' }).notNull(),
  },
  (t) => [uniqueIndex('course_completions_unique').on(t.userId, t.courseSlug), index('course_completions_report_idx').on(t.userId, t.courseSlug, t.completedAt)],
);

/** A completed skills-gap self-assessment. The id is the unguessable token of its private link. */
export const assessments = sqliteTable(
  'assessments',
  {
    id: text('id').primaryKey(),
    /** Null until the person signs up or in; then the result joins their history. */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the secret kept in the taker's browser; only that browser can attach the result to an account. */
    claimHash: text('claim_hash'),
    language: text('language', { enum: ['en', 'de', 'sv'] }).notNull(),
    /** The answers as sent (validated), so the result can be computed again when scoring improves. */
    answers: text('answers', { mode: 'json' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /**
     * Skill and inclination per function computed from the answers, as a flat JSON array (skill,
     * inclination, skill, … in the order of FUNCTION_IDS), so the coverage map of a large organisation reads numbers
     * instead of scoring every shared assessment (src/lib/assessment/stored-scores.ts). Derived:
     * `scoredWith` fingerprints the content and scoring code used, and numbers with another
     * fingerprint (or none) are computed again from the answers.
     */
    scores: text('scores'),
    scoredWith: text('scored_with'),
  },
  // Covers the coverage map's read of each member's latest numbers without touching the answers.
  (t) => [index('assessments_user_scores_idx').on(t.userId, t.createdAt, t.id, t.scoredWith, t.scores)],
);

/**
 * A certificate, issued in the transaction that records the passing final assessment. Every field
 * printed on it is a snapshot, so renaming a course or an account never changes a certificate
 * that has been handed to an employer.
 */
export const certificates = sqliteTable(
  'certificates',
  {
    /** Public, unguessable id: the verification page is /certificates/<id>. */
    id: text('id').primaryKey(),
    /** Null once the holder deleted their account (the certificate is then revoked and anonymised). */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    courseSlug: text('course_slug').notNull(),
    courseVersion: integer('course_version').notNull(),
    courseTitle: text('course_title').notNull(),
    courseLanguage: text('course_language', { enum: ['en', 'de', 'sv'] }).notNull(),
    /** Hours of study the course states (estimatedHours at the time of issue). */
    hours: real('hours').notNull(),
    learnerName: text('learner_name').notNull(),
    finalPercent: integer('final_percent').notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp' }).notNull(),
    /**
     * The holder in the Open Badges credential: SHA-256 of the e-mail address at issue plus a
     * per-certificate salt, so the credential proves an address without publishing it.
     */
    recipientSalt: text('recipient_salt').notNull(),
    recipientHash: text('recipient_hash').notNull(),
    /** Position of this certificate in the revocation status list (random, for herd privacy). */
    statusIndex: integer('status_index').notNull().unique(),
    /** The signed credential, stored the first time it is asked for (signing is asynchronous). */
    credential: text('credential', { mode: 'json' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp' }),
    revokedReason: text('revoked_reason'),
    revokedBy: text('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    /** Earned in a supervised course: a tutor reviewed and accepted the practice work. */
    supervised: integer('supervised', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('certificates_user_course_unique').on(t.userId, t.courseSlug)],
);

/**
 * An order: written (pending) before the buyer is sent to pay, so a payment can always be matched
 * to what was bought. Prices come from the content on the server; the form never carries one.
 */
export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    /** The buyer's account; for a buyer without one, set when payment makes it from the checkout e-mail. */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Lower-cased address the buyer gave (and paid with). */
    email: text('email').notNull(),
    kind: text('kind', { enum: ['ecourse', 'lesson-pdf', 'supervised', 'consulting', 'seats'] }).notNull(),
    /** Seats: the organisation they are for (its admin placed the order). */
    organisationId: text('organisation_id'),
    /** The offer's id in the content: `<course>` for course offers, the file name for site-wide offers. */
    offerId: text('offer_id').notNull(),
    courseSlug: text('course_slug'),
    lessonSlug: text('lesson_slug'),
    quantity: integer('quantity').notNull().default(1),
    /** Price per unit in cents, VAT included, as the content stated it when the order was made. */
    unitAmount: integer('unit_amount').notNull(),
    currency: text('currency').notNull().default('eur'),
    /** The buyer's interface language: mails about the order and a new account use it. */
    language: text('language', { enum: ['en', 'de', 'sv'] }).notNull().default('en'),
    status: text('status', { enum: ['pending', 'paid', 'failed', 'refunded', 'disputed', 'expired'] }).notNull().default('pending'),
    /** `stripe`, or `test` when the platform runs without Stripe keys (no money moves). */
    mode: text('mode', { enum: ['stripe', 'test'] }).notNull(),
    checkoutSessionId: text('checkout_session_id').unique(),
    checkoutUrl: text('checkout_url'),
    paymentIntentId: text('payment_intent_id'),
    invoiceUrl: text('invoice_url'),
    /** What the buyer consented to before paying (immediate access, losing the 14-day withdrawal right), which wording, when. */
    consentAt: integer('consent_at', { mode: 'timestamp' }).notNull(),
    consentVersion: text('consent_version').notNull(),
    /** SHA-256 of a secret kept in the buyer's browser, so that browser may sign in to an account the payment created. */
    claimHash: text('claim_hash'),
    /** Who buys what, how many (`email|kind|offer|lesson|quantity`): at most one pending order per purchase, so two tabs make one order. */
    purchaseKey: text('purchase_key').notNull(),
    /** Consulting: topics and preferred times the buyer named. */
    details: text('details', { mode: 'json' }).$type<{ topics?: string; preferredTimes?: string }>(),
    createdAt: createdAt(),
    paidAt: integer('paid_at', { mode: 'timestamp' }),
    refundedAt: integer('refunded_at', { mode: 'timestamp' }),
    refundReason: text('refund_reason'),
  },
  (t) => [
    index('orders_user_idx').on(t.userId),
    index('orders_email_idx').on(t.email),
    index('orders_payment_intent_idx').on(t.paymentIntentId),
    uniqueIndex('orders_one_pending_purchase').on(t.purchaseKey).where(sql`status = 'pending'`),
  ],
);

/** Stripe events already handled: a redelivered event finds its id here and changes nothing. */
export const stripeEvents = sqliteTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  orderId: text('order_id'),
  receivedAt: createdAt(),
});

/**
 * What an order granted, one row per kind: a course, a supervised enrolment, a lesson PDF, a
 * consulting request, seats. A refund or a lost dispute revokes exactly these rows.
 */
export const entitlements = sqliteTable(
  'entitlements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: text('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['course', 'supervised', 'lesson-pdf', 'consulting', 'seats'] }).notNull(),
    courseSlug: text('course_slug'),
    lessonSlug: text('lesson_slug'),
    quantity: integer('quantity').notNull().default(1),
    grantedAt: createdAt(),
    revokedAt: integer('revoked_at', { mode: 'timestamp' }),
  },
  (t) => [uniqueIndex('entitlements_order_kind').on(t.orderId, t.kind), index('entitlements_user_idx').on(t.userId, t.kind)],
);

/** A paid consulting hour: what the buyer wants to talk about, and the slot an admin confirmed. */
export const consultingRequests = sqliteTable('consulting_requests', {
  orderId: text('order_id').primaryKey().references(() => orders.id, { onDelete: 'cascade' }),
  userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
  topics: text('topics').notNull(),
  preferredTimes: text('preferred_times').notNull(),
  status: text('status', { enum: ['requested', 'confirmed', 'cancelled'] }).notNull().default('requested'),
  confirmedSlot: text('confirmed_slot'),
  confirmedAt: integer('confirmed_at', { mode: 'timestamp' }),
  createdAt: createdAt(),
});

/** A company or team that enrols its staff. Any verified user can create one and becomes its admin. */
export const organisations = sqliteTable('organisations', {
  id: text('id').primaryKey(),
  /** In the address: /org/<slug>. */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Shown to members: when they may learn (DOMAIN.md: learning time inside working hours). */
  learningTimeNote: text('learning_time_note').notNull().default(''),
  /** A small PNG, JPEG or WebP the admin uploaded, served at /org/<slug>/logo. */
  logo: blob('logo', { mode: 'buffer' }),
  logoType: text('logo_type'),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/** Who belongs to an organisation. A removed member keeps the row (removed_at) and all their own progress. */
export const organisationMembers = sqliteTable(
  'organisation_members',
  {
    organisationId: text('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    /** A free-text team name for filters and assignments ("Customer care", "Marketing"). */
    team: text('team'),
    /** The seat this member holds: `*` for a pool seat (every course), a course slug, or null. */
    seat: text('seat'),
    /** When the member agreed to share their self-assessment with this organisation; null when not (or withdrawn). */
    assessmentSharedAt: integer('assessment_shared_at', { mode: 'timestamp' }),
    joinedAt: createdAt(),
    removedAt: integer('removed_at', { mode: 'timestamp' }),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index('organisation_members_user_idx').on(t.userId)],
);

/**
 * Seats as a ledger: every purchase, use, release, adjustment and refund is one row, so the
 * dashboard's bought/used/free is a sum and every seat can be traced to the order that paid for it.
 */
export const seatLedger = sqliteTable(
  'seat_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organisationId: text('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** `*` for pool seats (every course, also later ones), else the course slug. */
    seat: text('seat').notNull(),
    /** Seats added (+) or taken (-): purchase +n, use -1, release +1, refund -n, adjustment ±n. */
    change: integer('change').notNull(),
    reason: text('reason', { enum: ['purchase', 'use', 'release', 'adjustment', 'refund'] }).notNull(),
    orderId: text('order_id').references(() => orders.id, { onDelete: 'set null' }),
    /** The member a use or release is about. */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('seat_ledger_org_idx').on(t.organisationId),
    // A paid order credits its seats once, and a refund debits them once.
    uniqueIndex('seat_ledger_order_reason').on(t.orderId, t.reason).where(sql`order_id is not null`),
  ],
);

/** An invitation to join an organisation: a hashed, expiring, single-use link sent by e-mail. */
export const organisationInvitations = sqliteTable(
  'organisation_invitations',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** Lower-cased; only the account with this address can accept. */
    email: text('email').notNull(),
    name: text('name'),
    team: text('team'),
    /** The seat accepting uses: `*` (pool) or a course slug. */
    seat: text('seat').notNull(),
    /** SHA-256 of the token in the link; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: integer('expires_at', { mode: 'timestamp' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp' }),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    withdrawnAt: integer('withdrawn_at', { mode: 'timestamp' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organisation_invitations_open').on(t.organisationId, t.email).where(sql`accepted_at is null and withdrawn_at is null`)],
);

/** A course assigned to everyone, a team or one member of an organisation, with an optional due date and reminders. */
export const organisationAssignments = sqliteTable(
  'organisation_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organisationId: text('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    /** `everyone`, `team:<name>` or `member:<user id>`: one assignment per course and target. */
    target: text('target').notNull(),
    dueAt: integer('due_at', { mode: 'timestamp' }),
    /** Days before the due date a reminder goes out (negative: after it), e.g. [7, 1, -1]. */
    reminderOffsets: text('reminder_offsets', { mode: 'json' }).$type<number[]>().notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organisation_assignments_target').on(t.organisationId, t.courseSlug, t.target)],
);

/** One reminder for one member and one offset of an assignment, with what happened to it. */
export const assignmentReminders = sqliteTable(
  'assignment_reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assignmentId: integer('assignment_id').notNull().references(() => organisationAssignments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    offsetDays: integer('offset_days').notNull(),
    sendAt: integer('send_at', { mode: 'timestamp' }).notNull(),
    state: text('state', { enum: ['queued', 'sending', 'sent', 'skipped', 'failed'] }).notNull().default('queued'),
    /** Why a reminder was skipped or failed: `completed`, `removed`, `no-address`, or the mail error. */
    reason: text('reason'),
    updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull(),
  },
  (t) => [uniqueIndex('assignment_reminders_once').on(t.assignmentId, t.userId, t.offsetDays), index('assignment_reminders_due_idx').on(t.state, t.sendAt)],
);

/**
 * Outgoing mail, written in the transaction of whatever caused it and sent by the mail worker
 * (src/lib/mail/outbox.ts): no request waits for SMTP, a failing server means retries, not loss.
 */
export const outboxMessages = sqliteTable(
  'outbox_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** Extra headers (List-Unsubscribe and the like). */
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>(),
    /** What the mail is about (`verify-email`, `org-invitation` …), for logs and the admin. */
    kind: text('kind').notNull(),
    /** A mail that must go out at most once per cause (a reminder row, an order): a second enqueue is ignored. */
    dedupeKey: text('dedupe_key').unique(),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('outbox_messages_due_idx').on(t.status, t.nextAttemptAt)],
);

/** Leases that let exactly one process run a background job (the mail worker) while it renews them. */
export const workerLeases = sqliteTable('worker_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * A comment under a lesson, or a reply to one (one level deep). It is pending until a moderator
 * approves it; until then only its author sees it (src/lib/discussions/visibility.ts decides, for
 * every page, count, list, e-mail and export).
 */
export const lessonComments = sqliteTable(
  'lesson_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseSlug: text('course_slug').notNull(),
    lessonSlug: text('lesson_slug').notNull(),
    /** Null once the author deleted their account (the text is removed with it). */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The comment this one replies to; replies to replies attach to the same top comment. */
    parentId: integer('parent_id'),
    /** Markdown as written (at most 2,000 characters); rendered safely when shown. */
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull().default('pending'),
    /** Why a moderator rejected it; the author is told. */
    rejectReason: text('reject_reason'),
    moderatedBy: text('moderated_by').references(() => users.id, { onDelete: 'set null' }),
    moderatedAt: integer('moderated_at', { mode: 'timestamp' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('lesson_comments_lesson_idx').on(t.courseSlug, t.lessonSlug, t.status), index('lesson_comments_status_idx').on(t.status, t.createdAt), index('lesson_comments_user_idx').on(t.userId, t.createdAt)],
);

/** A learner's report of an approved comment; moderators see reported comments first. */
export const commentReports = sqliteTable(
  'comment_reports',
  {
    commentId: integer('comment_id').notNull().references(() => lessonComments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
    /** Set when a moderator dealt with it (kept the comment or rejected it). */
    resolvedAt: integer('resolved_at', { mode: 'timestamp' }),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

/**
 * A supervised enrolment: a tutor reads the learner's practice and reflection work, and lessons
 * arrive by e-mail on the course's clock (next lesson after `lessonIntervalDays`; pausing shifts
 * the clock; it stops on completion, unsubscribe and when access ends).
 */
export const supervisedEnrolments = sqliteTable(
  'supervised_enrolments',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    tutorId: text('tutor_id').references(() => users.id, { onDelete: 'set null' }),
    /** The order that paid for it (null when an admin granted it). */
    orderId: text('order_id'),
    status: text('status', { enum: ['active', 'paused', 'stopped'] }).notNull().default('active'),
    /** Why the mails stopped: `completed`, `unsubscribed`, `access-ended`, `all-sent`. */
    stopReason: text('stop_reason'),
    lessonsSent: integer('lessons_sent').notNull().default(0),
    nextLessonAt: integer('next_lesson_at', { mode: 'timestamp' }),
    pausedAt: integer('paused_at', { mode: 'timestamp' }),
    /** The random token in the one-click unsubscribe link of every lesson mail (it can only stop these mails). */
    unsubscribeToken: text('unsubscribe_token').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug] }), index('supervised_enrolments_tutor_idx').on(t.tutorId), index('supervised_enrolments_clock_idx').on(t.status, t.nextLessonAt)],
);

/** A tutor's answer to one version of a learner's practice or reflection work. */
export const taskReviews = sqliteTable(
  'task_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    taskId: text('task_id').notNull(),
    lessonSlug: text('lesson_slug').notNull(),
    tutorId: text('tutor_id').references(() => users.id, { onDelete: 'set null' }),
    verdict: text('verdict', { enum: ['accepted', 'needs-revision'] }).notNull(),
    /** Markdown, rendered safely. */
    feedback: text('feedback').notNull(),
    /** The saved answer this review is about (task_responses.updated_at): a newer answer waits again. */
    responseUpdatedAt: integer('response_updated_at', { mode: 'timestamp' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('task_reviews_task_idx').on(t.userId, t.courseSlug, t.taskId, t.createdAt)],
);

/** A tutor working on a submission holds it for a while, so two tutors do not answer the same work. */
export const reviewClaims = sqliteTable(
  'review_claims',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    taskId: text('task_id').notNull(),
    tutorId: text('tutor_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug, t.taskId] })],
);
