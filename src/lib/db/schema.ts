/**
 * The database schema. Tables are plural camelCase in TypeScript and snake_case in SQL.
 * Timestamps are Unix epoch seconds (`mode: 'timestamp'` maps them to Date).
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`) and committed.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug] })],
);

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
  (t) => [uniqueIndex('course_completions_unique').on(t.userId, t.courseSlug)],
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
  },
  (t) => [index('assessments_user_idx').on(t.userId, t.createdAt)],
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
