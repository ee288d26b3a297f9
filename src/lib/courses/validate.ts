/**
 * The course contract as one pure function. The content loader (so the build fails),
 * `npm run courses:check` and the unit tests all call `validateCourses`; rules that span
 * several files (lesson count, numbering, unique ids, references) live here because a zod
 * schema only ever sees one entry.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { z } from 'astro/zod';
import { LESSON_COMPONENTS, isLessonComponent } from './components.ts';
import {
  courseSchema,
  finalLessonSchema,
  lessonSchema,
  specializationSchema,
  taskSchema,
  MAX_LESSONS,
  TASKS_PER_LESSON,
  type Axis,
  type CourseMeta,
  type FinalLessonMeta,
  type LessonMeta,
  type QuizQuestion,
  type Specialization,
} from './schema.ts';
import type { CourseSource, YamlSource } from './source.ts';

export interface Problem {
  /** File the problem is in, relative to the project root. */
  file: string;
  /** Short stable name of the rule that was broken, e.g. `task-count`. */
  rule: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix: string;
}

export interface ValidatedLesson {
  /** File name without extension, e.g. `03-goals` or `final`; also the URL segment. */
  slug: string;
  /** Position for regular lessons (1-based); `null` for the final lesson. */
  number: number | null;
  file: string;
  meta: LessonMeta | FinalLessonMeta;
  /** Task ids in the order `<Task>` places them in the body. */
  placedTaskIds: string[];
}

export interface ValidatedCourse {
  slug: string;
  meta: CourseMeta;
  lessons: ValidatedLesson[];
  final: ValidatedLesson & { meta: FinalLessonMeta };
}

export interface ValidationResult {
  problems: Problem[];
  /** Courses that passed every rule. */
  courses: ValidatedCourse[];
}

export const LESSON_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;
export const FINAL_FILE = 'final.mdx';
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Splits `---\nyaml\n---\nbody`. Returns null when the file has no frontmatter block. */
export function splitFrontmatter(text: string): { yaml: string; body: string; bodyLine: number } | null {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return null;
  return { yaml: match[1], body: text.slice(match[0].length), bodyLine: match[0].split('\n').length };
}

/** Something wrong in a lesson body, found by `scanLessonBody`. */
export interface BodyIssue {
  /** Short stable rule name, as in `Problem.rule`. */
  rule: 'mdx-syntax' | 'unknown-component' | 'figure-alt';
  /** Line relative to the body (1-based). */
  line: number;
  message: string;
  fix: string;
}

export interface TaskPlacement {
  /** The literal id, `null` when it is missing or not written as text in quotes. */
  id: string | null;
  /** Line relative to the body (1-based). */
  line: number;
  /** Set when an id is given but as an expression (`id={…}`) rather than text in quotes. */
  notText?: true;
}

export interface BodyScan {
  /** `<Task>` elements that MDX renders, in document order. Empty when the body cannot be parsed. */
  placements: TaskPlacement[];
  /** Syntax errors, code expressions, unknown components and figures without alt text. */
  issues: BodyIssue[];
}

/** The subset of the mdast + MDX node shapes the scan reads. */
interface MdxNode {
  type: string;
  name?: string | null;
  value?: unknown;
  attributes?: MdxAttribute[];
  children?: MdxNode[];
  position?: { start: { line: number } };
  data?: { estree?: { body?: unknown[] } | null };
}
interface MdxAttribute {
  type: string;
  name?: string;
  value?: string | null | { type: string; value: string };
  position?: { start: { line: number } };
}

const mdxParser = unified().use(remarkParse).use(remarkMdx);
const scanCache = new Map<string, BodyScan>();
const SCAN_CACHE_LIMIT = 500;

const COMPONENT_LIST = LESSON_COMPONENTS.map((c) => `<${c}>`).join(', ');

function syntaxFix(source: string | undefined, ruleId: string | undefined, reason: string): string {
  if (reason.includes('`!`')) return 'HTML comments <!-- … --> do not work in MDX; write {/* … */} instead';
  if (source === 'micromark-extension-mdx-jsx') {
    return 'a "<" starts a component in MDX: in running text write "less than" (or &lt;), and write component tags in full, e.g. <Tip title="…">…</Tip>';
  }
  if (source?.includes('expression') || ruleId?.includes('acorn')) {
    return 'a "{" starts code in MDX: write \\{ for a literal brace, and close every {/* comment */}';
  }
  if (ruleId === 'end-tag-mismatch' || reason.includes('closing tag')) {
    return 'close every component you open (<Tip>…</Tip>) at the same level, or write it self-closing (<Task id="…" />)';
  }
  return 'fix the MDX at that line (see AUTHORING.md: "<" and "{" start code in MDX)';
}

function literalString(value: MdxAttribute['value']): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const quoted = /^\s*(["'`])([\s\S]*)\1\s*$/.exec(value.value);
    if (quoted && !(quoted[1] === '`' && quoted[2].includes('${'))) return quoted[2];
  }
  return null;
}

function attribute(node: MdxNode, name: string): MdxAttribute | undefined {
  return node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
}

function scanTree(root: MdxNode): BodyScan {
  const placements: TaskPlacement[] = [];
  const issues: BodyIssue[] = [];
  const visit = (node: MdxNode): void => {
    const line = node.position?.start.line ?? 1;
    if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') {
      // `{/* … */}` is a comment and renders nothing; any other expression is code, which a lesson has no use for.
      const body = node.data?.estree?.body;
      const code = String(node.value ?? '');
      const onlyComments = body ? body.length === 0 : code.replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
      if (!onlyComments) {
        const shown = code.length > 40 ? `${code.slice(0, 40)}…` : code;
        issues.push({
          rule: 'mdx-syntax',
          line,
          message: `"{${shown}}" is read as code (a JavaScript expression), not shown as text; a name such as {budget} breaks the page`,
          fix: 'write \\{ and \\} to show braces, or remove the expression; {/* … */} is the only code a lesson needs (a comment)',
        });
      }
      return; // a comment renders nothing, so nothing inside counts
    }
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name) {
      const name = node.name;
      const known = isLessonComponent(name);
      const looksLikeComponent = /^[A-Z]/.test(name) || name.includes('.');
      // Case slips (<tip>) and typos (<Calout>) both get a suggestion.
      const meant = LESSON_COMPONENTS.find((c) => c.toLowerCase() === name.toLowerCase()) ?? (looksLikeComponent ? closest(name, LESSON_COMPONENTS) : null);
      if (!known && (looksLikeComponent || meant)) {
        issues.push({
          rule: 'unknown-component',
          line,
          message: `<${name}> is not a component lessons can use${meant ? ` (did you mean <${meant}>?)` : ''}`,
          fix: `use one of ${COMPONENT_LIST} (see AUTHORING.md), spelled exactly so`,
        });
      }
      if (name === 'Task') {
        const id = attribute(node, 'id');
        if (id && typeof id.value === 'string') placements.push({ id: id.value, line });
        else placements.push({ id: null, line, ...(id?.value && typeof id.value === 'object' ? { notText: true } : {}) });
      }
      if (name === 'Figure' && attribute(node, 'src')) {
        const alt = literalString(attribute(node, 'alt')?.value);
        if (!alt || alt.trim() === '') {
          issues.push({
            rule: 'figure-alt',
            line,
            message: '<Figure> shows an image (src) but has no alt text',
            fix: 'add alt="…" describing what the image shows for readers who cannot see it, e.g. alt="Bar chart: reach per network"',
          });
        }
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  return { placements, issues };
}

/**
 * Parses an MDX body the way MDX reads it and reports what the lesson rules need: the
 * `<Task>` elements it renders (not those in code, inline code or comments) and the issues
 * that would break the page or hurt readers. Pure and synchronous; results are cached per body.
 */
export function scanLessonBody(body: string): BodyScan {
  const cached = scanCache.get(body);
  if (cached) return cached;
  let scan: BodyScan;
  try {
    scan = scanTree(mdxParser.parse(body) as MdxNode);
  } catch (error) {
    const e = error as { line?: number; place?: { line?: number; start?: { line?: number } }; reason?: string; message?: string; source?: string; ruleId?: string };
    const line = e.line ?? e.place?.start?.line ?? e.place?.line ?? 1;
    const reason = e.reason ?? e.message ?? String(error);
    scan = { placements: [], issues: [{ rule: 'mdx-syntax', line, message: `the MDX cannot be read: ${reason}`, fix: syntaxFix(e.source, e.ruleId, reason) }] };
  }
  if (scanCache.size >= SCAN_CACHE_LIMIT) scanCache.clear();
  scanCache.set(body, scan);
  return scan;
}

/** `<Task id="…" />` elements MDX renders in a body, with their lines relative to the body. */
export function findTaskPlacements(body: string): { id: string | null; line: number }[] {
  return scanLessonBody(body).placements.map(({ id, line }) => ({ id, line }));
}

function pathLabel(path: PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, '');
}

/** Edit distance between two short words (keys, component names), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length];
}

/** The closest known word, when it is close enough to be a typo of it. */
export function closest(word: string, known: Iterable<string>): string | null {
  let best: { word: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance > 0 && distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word ?? null;
}

/** Every key name a zod object schema (and the objects inside it) knows, for "did you mean". */
function knownKeys(schema: z.ZodType): Set<string> {
  const keys = new Set<string>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') for (const key of Object.keys(record.properties)) keys.add(key);
    for (const value of Object.values(record)) visit(value);
  };
  visit(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }));
  return keys;
}
const keyCache = new WeakMap<z.ZodType, Set<string>>();
const keysOf = (schema: z.ZodType) => keyCache.get(schema) ?? keyCache.set(schema, knownKeys(schema)).get(schema)!;

/** "line 4, column 3" (1-based, in the whole file) where `key:` is written, when it can be found. */
function placeOfKey(yaml: string | undefined, key: string, lineOffset: number): string | null {
  if (!yaml) return null;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^(\\s*(?:-\\s+)?)["']?${escaped}["']?\\s*:`);
  const lines = yaml.split('\n');
  const index = lines.findIndex((line) => pattern.test(line));
  return index === -1 ? null : `line ${index + 1 + lineOffset}, column ${pattern.exec(lines[index])![1].length + 1}`;
}

interface YamlPlace {
  /** The YAML text the issues are about, to find line numbers in. */
  yaml?: string;
  /** Lines before the YAML in the file (1 for frontmatter after the opening ---). */
  lineOffset?: number;
  /** The schema, for "did you mean" on unknown keys. */
  schema?: z.ZodType;
}

/** Turns zod issues into problems with the line, the field path, the rule and a fix: one message per problem. */
function schemaProblems(file: string, error: Pick<z.ZodError, 'issues'>, what: string, place: YamlPlace = {}): Problem[] {
  const lineOffset = place.lineOffset ?? 0;
  const known = place.schema ? keysOf(place.schema) : new Set<string>();
  const suggested = new Map<string, string>();
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) {
      const suggestion = closest(key, known);
      const where = placeOfKey(place.yaml, key, lineOffset);
      const at = pathLabel(issue.path);
      if (suggestion) suggested.set([...issue.path.map(String), suggestion].join('.'), key);
      problems.push({
        file,
        rule: 'unknown-key',
        message: `${where ? `${where}: ` : ''}unknown key "${key}"${at ? ` in ${at}` : ''} in the ${what}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        fix: suggestion ? `rename "${key}" to "${suggestion}"` : 'check the spelling against AUTHORING.md; unknown keys are not allowed so that typos cannot pass silently',
      });
    }
  }
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') continue;
    const at = pathLabel(issue.path);
    // A required key reported missing because it was misspelt is already named by "did you mean".
    if (suggested.has(issue.path.map(String).join('.'))) continue;
    const last = [...issue.path].reverse().find((part) => typeof part === 'string');
    const where = typeof last === 'string' ? placeOfKey(place.yaml, last, lineOffset) : null;
    problems.push({
      file,
      rule: 'schema',
      message: `${where ? `${where}: ` : ''}${at || 'frontmatter'}: ${issue.message}`,
      fix: `correct "${at || 'the frontmatter'}" as described in AUTHORING.md (${what})`,
    });
  }
  return problems;
}

/** Text the scaffold (or a hurried author) leaves behind; an unfinished course cannot be published. */
const PLACEHOLDER = /\b(Replace with|Replace this|TODO|TBD|FIXME)\b|[Ll]orem ipsum/;

/** Every line of a file that still holds placeholder text. */
export function placeholderProblems(file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  text.split('\n').forEach((line, i) => {
    const match = PLACEHOLDER.exec(line);
    if (match) {
      problems.push({ file, rule: 'placeholder', message: `line ${i + 1}, column ${match.index + 1}: unfinished text "${line.trim().slice(0, 80)}"`, fix: 'write the real text; the scaffold marks everything to replace with "Replace with"' });
    }
  });
  return problems;
}

function parseYamlText(file: string, yaml: string, problems: Problem[]): unknown {
  try {
    return parseYaml(yaml) ?? {};
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : '';
    problems.push({
      file,
      rule: 'yaml-syntax',
      message: `the YAML cannot be read${where}: ${(error as Error).message.split('\n')[0]}`,
      fix: 'fix the indentation or quoting; strings that contain ": " or start with a special character need quotes',
    });
    return undefined;
  }
}

function checkPrice(file: string, where: string, price: number, problems: Problem[]): void {
  if (!(price > 0)) {
    problems.push({ file, rule: 'price', message: `${where}: price ${price} is not positive`, fix: 'give a price above 0 in EUR, or use kind "free" without a price' });
  } else if (Math.abs(Math.round(price * 100) - price * 100) > 1e-6) {
    problems.push({ file, rule: 'price', message: `${where}: price ${price} has more than two decimals`, fix: 'round to whole cents, e.g. 19.99' });
  }
}

function checkQuestions(file: string, where: string, questions: QuizQuestion[], problems: Problem[]): void {
  const seen = new Set<string>();
  for (const question of questions) {
    if (seen.has(question.id)) {
      problems.push({ file, rule: 'question-id-unique', message: `${where}: question id "${question.id}" is used twice`, fix: 'give every question in a quiz its own id' });
    }
    seen.add(question.id);
    if (question.options.length < 2) {
      problems.push({ file, rule: 'quiz-options', message: `${where}, question "${question.id}": has ${question.options.length} option(s), needs at least 2`, fix: 'add answer options so the learner has a real choice' });
    }
    if (!question.options.some((o) => o.correct)) {
      problems.push({ file, rule: 'quiz-options', message: `${where}, question "${question.id}": no option is marked correct`, fix: 'mark the right option(s) with "correct: true"' });
    }
  }
}

/** Checks the body of a lesson: MDX syntax, components, figures and `<Task>` placements. */
function checkBody(file: string, body: string, bodyLine: number, declared: string[], problems: Problem[]): string[] {
  const scan = scanLessonBody(body);
  const at = (line: number) => `line ${bodyLine + line - 1}`;
  for (const issue of scan.issues) {
    problems.push({ file, rule: issue.rule, message: `${at(issue.line)}: ${issue.message}`, fix: issue.fix });
  }
  const placed: string[] = [];
  for (const { id, line, notText } of scan.placements) {
    if (notText) {
      problems.push({ file, rule: 'task-placement', message: `${at(line)}: <Task> gives its id as an expression, not as text in quotes`, fix: 'write the id as text in quotes, e.g. <Task id="check" />' });
    } else if (!id) {
      problems.push({ file, rule: 'task-placement', message: `${at(line)}: <Task> without an id`, fix: 'write <Task id="…" /> with the id of a task declared in the frontmatter' });
    } else if (!declared.includes(id)) {
      problems.push({ file, rule: 'task-placement', message: `${at(line)}: <Task id="${id}" /> refers to no declared task (declared: ${declared.join(', ') || 'none'})`, fix: 'use the id of a task in the frontmatter, or declare the task there' });
    } else if (placed.includes(id)) {
      problems.push({ file, rule: 'task-placement', message: `${at(line)}: task "${id}" is placed a second time`, fix: 'place every task once; remove the second <Task>' });
    } else {
      placed.push(id);
    }
  }
  return placed;
}

/** Task ids the platform uses itself. */
export const RESERVED_TASK_IDS = ['final-assessment'] as const;

function checkReservedTaskIds(file: string, ids: string[], problems: Problem[]): void {
  for (const id of new Set(ids)) {
    if ((RESERVED_TASK_IDS as readonly string[]).includes(id)) {
      problems.push({ file, rule: 'task-id-reserved', message: `task id "${id}" is reserved: the platform uses it for the final assessment`, fix: 'choose another id, one that says what the task is about, e.g. "campaign-review"' });
    }
  }
}

/** The lesson schema without the task count, used only after `task-count` has been reported. */
const lessonAnyTaskCountSchema = lessonSchema.extend({ tasks: z.array(taskSchema) });

interface LessonCheck {
  lesson: ValidatedLesson | null;
}

function validateRegularLesson(source: CourseSource['lessons'][number], number: number, problems: Problem[]): LessonCheck {
  const { file } = source;
  problems.push(...placeholderProblems(file, source.text));
  const parts = splitFrontmatter(source.text);
  if (!parts) {
    problems.push({ file, rule: 'frontmatter-missing', message: 'the lesson has no frontmatter', fix: 'start the file with a --- block holding title, summary, minutes, objectives and four tasks' });
    return { lesson: null };
  }
  const data = parseYamlText(file, parts.yaml, problems);
  if (data === undefined) return { lesson: null };
  const before = problems.length;
  // Count tasks before the schema so that a wrong count is named once, in words, even when a
  // task is also malformed; the schema's own complaint about the `tasks` list is then left out.
  const rawTasks = (data as { tasks?: unknown }).tasks;
  let countWrong = false;
  if (Array.isArray(rawTasks) && rawTasks.length !== TASKS_PER_LESSON) {
    countWrong = true;
    problems.push({ file, rule: 'task-count', message: `the lesson declares ${rawTasks.length} task(s); every regular lesson needs exactly ${TASKS_PER_LESSON}`, fix: `declare exactly ${TASKS_PER_LESSON} tasks under "tasks"` });
  } else if (rawTasks === undefined) {
    countWrong = true;
    problems.push({ file, rule: 'task-count', message: `the lesson declares no tasks; every regular lesson needs exactly ${TASKS_PER_LESSON}`, fix: `add a "tasks" list with ${TASKS_PER_LESSON} tasks` });
  }
  const isCountIssue = (issue: z.ZodError['issues'][number]) => countWrong && issue.path.length === 1 && issue.path[0] === 'tasks';
  let parsed = lessonSchema.safeParse(data);
  if (!parsed.success && parsed.error.issues.every(isCountIssue) && Array.isArray(rawTasks)) {
    // Only the count is wrong: check the rest of the lesson too, so the author sees every problem at once.
    parsed = lessonAnyTaskCountSchema.safeParse(data);
  }
  if (!parsed.success) {
    const issues = parsed.error.issues.filter((issue) => !isCountIssue(issue));
    problems.push(...schemaProblems(file, { issues }, 'lesson frontmatter', { yaml: parts.yaml, lineOffset: 1, schema: lessonSchema }));
    return { lesson: null };
  }
  const meta = parsed.data;
  const ids = meta.tasks.map((t) => t.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) {
    problems.push({ file, rule: 'task-id-unique', message: `task id "${id}" is used more than once in this lesson`, fix: 'give every task in a lesson its own id (progress is stored against it)' });
  }
  checkReservedTaskIds(file, ids, problems);
  for (const task of meta.tasks) {
    if (task.kind === 'quiz') checkQuestions(file, `task "${task.id}"`, task.questions, problems);
  }
  const placedTaskIds = checkBody(file, parts.body, parts.bodyLine, ids, problems);
  if (problems.length > before) return { lesson: null };
  return { lesson: { slug: source.fileName.replace(/\.mdx$/, ''), number, file, meta, placedTaskIds } };
}

function validateFinalLesson(source: CourseSource['lessons'][number], problems: Problem[]): (ValidatedLesson & { meta: FinalLessonMeta }) | null {
  const { file } = source;
  problems.push(...placeholderProblems(file, source.text));
  const parts = splitFrontmatter(source.text);
  if (!parts) {
    problems.push({ file, rule: 'frontmatter-missing', message: 'the final lesson has no frontmatter', fix: 'start the file with a --- block holding title, summary, minutes, assessment and closingTask' });
    return null;
  }
  const data = parseYamlText(file, parts.yaml, problems);
  if (data === undefined) return null;
  const parsed = finalLessonSchema.safeParse(data);
  if (!parsed.success) {
    problems.push(...schemaProblems(file, parsed.error, 'final lesson frontmatter', { yaml: parts.yaml, lineOffset: 1, schema: finalLessonSchema }));
    return null;
  }
  const before = problems.length;
  const meta = parsed.data;
  checkQuestions(file, 'assessment', meta.assessment.questions, problems);
  checkReservedTaskIds(file, [meta.closingTask.id], problems);
  const placedTaskIds = checkBody(file, parts.body, parts.bodyLine, [meta.closingTask.id], problems);
  if (problems.length > before) return null;
  return { slug: 'final', number: null, file, meta, placedTaskIds };
}

/** Final lesson: the draw per attempt fits the pool, and each question's `lesson` names a lesson of the course. */
function checkFinalPool(final: ValidatedLesson & { meta: FinalLessonMeta }, lessonSlugs: string[], problems: Problem[]): void {
  const { questions, questionsPerAttempt } = final.meta.assessment;
  if (questionsPerAttempt !== undefined && questionsPerAttempt > questions.length) {
    problems.push({
      file: final.file,
      rule: 'pool-size',
      message: `assessment.questionsPerAttempt is ${questionsPerAttempt}, but the assessment has only ${questions.length} questions to draw from`,
      fix: `write at least ${questionsPerAttempt - questions.length} more ${questionsPerAttempt - questions.length === 1 ? 'question' : 'questions'}, or lower questionsPerAttempt to ${questions.length} or less (leave it out to ask every question in each attempt)`,
    });
  }
  const known = new Set(lessonSlugs);
  const shown = lessonSlugs.slice(0, 8).join(', ') + (lessonSlugs.length > 8 ? ', …' : '');
  for (const question of questions) {
    if (question.lesson !== undefined && !known.has(question.lesson)) {
      problems.push({
        file: final.file,
        rule: 'final-question-lesson',
        message: `question "${question.id}": lesson "${question.lesson}" is not a lesson of this course${lessonSlugs.length ? ` (lessons: ${shown})` : ''}`,
        fix: 'give the file name of a regular lesson without .mdx, e.g. "03-goals", or leave "lesson" out',
      });
    }
  }
}

/**
 * Content-quality limits. A learner who guesses "the longest answer" or "always the first one"
 * should not pass; these numbers are documented in AUTHORING.md.
 */
export const QUALITY = {
  /** The correct option may be the strictly longest in at most this share of single-answer questions. */
  longestShare: 1 / 3,
  /** Fewest single-answer questions for which "all correct in the same position" is reported. */
  samePositionMinSingle: 4,
  /** Fewest multi-select questions for which "options 1 and 2 always correct" is reported. */
  samePositionMinMulti: 3,
  /** Word-set similarity (Jaccard, words of 3+ letters) from which a final question repeats a lesson question. */
  repeatSimilarity: 0.8,
  /** How many question locations a course-wide message lists. */
  listed: 5,
} as const;

/** Length in characters of a trimmed text: code points after NFC, so that ä, å or an emoji count once however they are encoded. */
function textLength(text: string): number {
  return Array.from(text.trim().normalize('NFC')).length;
}

/** Whether `texts[index]` is longer than every other text (ties do not count). */
export function isStrictlyLongest(texts: string[], index: number): boolean {
  const length = textLength(texts[index]);
  return texts.every((t, i) => i === index || textLength(t) < length);
}

/** Lower case, punctuation and runs of white space turned into single spaces. */
export function normalisePrompt(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Words of three or more letters (or digits) in a prompt, as a set. */
function promptWords(text: string): Set<string> {
  return new Set(normalisePrompt(text).split(' ').filter((w) => Array.from(w).length >= 3));
}

/** Jaccard similarity of the two prompts' word sets (words of 3+ letters); 0 when neither has such words. */
export function promptSimilarity(a: string, b: string): number {
  const wa = promptWords(a);
  const wb = promptWords(b);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  const union = wa.size + wb.size - shared;
  return union === 0 ? 0 : shared / union;
}

interface LocatedQuestion {
  question: QuizQuestion;
  /** e.g. `03-goals.mdx kpi-check/q2` or `final.mdx assessment/f4`. */
  where: string;
  fileName: string;
  taskId: string;
}

function fileNameOf(file: string): string {
  return file.split('/').pop()!;
}

function lessonQuizQuestions(course: ValidatedCourse): LocatedQuestion[] {
  const located: LocatedQuestion[] = [];
  for (const lesson of course.lessons) {
    const fileName = fileNameOf(lesson.file);
    for (const task of (lesson.meta as LessonMeta).tasks) {
      if (task.kind !== 'quiz') continue;
      for (const question of task.questions) located.push({ question, where: `${fileName} ${task.id}/${question.id}`, fileName, taskId: task.id });
    }
  }
  return located;
}

function finalQuestions(course: ValidatedCourse): LocatedQuestion[] {
  const fileName = fileNameOf(course.final.file);
  return course.final.meta.assessment.questions.map((question) => ({ question, where: `${fileName} assessment/${question.id}`, fileName, taskId: 'assessment' }));
}

function listed(items: LocatedQuestion[]): string {
  const shown = items.slice(0, QUALITY.listed).map((q) => q.where).join(', ');
  return items.length > QUALITY.listed ? `${shown} and ${items.length - QUALITY.listed} more` : shown;
}

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

/** The content-quality rules over one course that passed every other rule. */
function checkCourseQuality(course: ValidatedCourse, courseFile: string, problems: Problem[]): void {
  const lessonQuestions = lessonQuizQuestions(course);
  const all = [...lessonQuestions, ...finalQuestions(course)];
  const correctCount = (q: LocatedQuestion) => q.question.options.filter((o) => o.correct).length;
  const single = all.filter((q) => correctCount(q) === 1);
  const multi = all.filter((q) => correctCount(q) > 1);

  const longest = single.filter(({ question }) => isStrictlyLongest(question.options.map((o) => o.text), question.options.findIndex((o) => o.correct)));
  if (single.length > 0 && longest.length > single.length * QUALITY.longestShare) {
    problems.push({
      file: courseFile,
      rule: 'answer-longest',
      message: `in ${longest.length} of ${single.length} single-answer questions (lesson quizzes and final assessment) the correct option is the longest, more than a third, so a learner can pass by picking the longest answer: ${listed(longest)}`,
      fix: 'make the wrong options as long and as specific as the right one (a plausible half-truth with its reason), or the right one shorter; the right option may be the strictly longest in at most a third of the questions',
    });
  }

  const positions = new Set(single.map(({ question }) => question.options.findIndex((o) => o.correct)));
  if (single.length >= QUALITY.samePositionMinSingle && positions.size === 1) {
    const position = [...positions][0];
    problems.push({
      file: courseFile,
      rule: 'answer-position',
      message: `all ${single.length} single-answer questions have the correct option in the ${ORDINAL[position] ?? `${position + 1}th`} position of the source (e.g. ${listed(single)})`,
      fix: 'vary the position of the correct option across first, second, third and fourth, so that the order authors write in gives nothing away (in print, too)',
    });
  }
  if (multi.length >= QUALITY.samePositionMinMulti && multi.every(({ question }) => question.options[0]?.correct && question.options[1]?.correct)) {
    problems.push({
      file: courseFile,
      rule: 'answer-position',
      message: `in all ${multi.length} multi-select questions the first and the second option are both correct (${listed(multi)})`,
      fix: 'vary the positions of the correct options in multi-select questions: spread them over the list, not always the first two',
    });
  }

  for (const final of finalQuestions(course)) {
    const normalised = normalisePrompt(final.question.prompt);
    let match: { lesson: LocatedQuestion; similarity: number; same: boolean } | null = null;
    for (const lesson of lessonQuestions) {
      const same = normalised !== '' && normalisePrompt(lesson.question.prompt) === normalised;
      const similarity = same ? 1 : promptSimilarity(final.question.prompt, lesson.question.prompt);
      if ((same || similarity >= QUALITY.repeatSimilarity) && (!match || similarity > match.similarity)) match = { lesson, similarity, same };
    }
    if (match) {
      const how = match.same ? 'the same words, apart from case and punctuation' : `${Math.round(match.similarity * 100)}% of the words shared`;
      problems.push({
        file: course.final.file,
        rule: 'final-repeats-lesson',
        message: `final question "${final.question.id}" repeats question "${match.lesson.question.id}" of task "${match.lesson.taskId}" in ${match.lesson.fileName} (${how})`,
        fix: 'write a new situation that applies the same idea (another industry, platform or moment), so the final assessment tests understanding rather than memory of the quiz',
      });
    }
  }
}

/** Validates specialization files; returns the problems and the ids with their axis. */
export function validateSpecializations(sources: YamlSource[]): { problems: Problem[]; specializations: Map<string, Specialization> } {
  const problems: Problem[] = [];
  const specializations = new Map<string, Specialization>();
  for (const source of sources) {
    if (!SLUG.test(source.id)) {
      problems.push({ file: source.file, rule: 'file-name', message: `"${source.id}" is not a valid id`, fix: 'name the file in lowercase-kebab, e.g. community-management.yaml' });
    }
    const data = parseYamlText(source.file, source.text, problems);
    if (data === undefined) continue;
    const parsed = specializationSchema.safeParse(data);
    if (!parsed.success) {
      problems.push(...schemaProblems(source.file, parsed.error, 'specialization'));
      continue;
    }
    specializations.set(source.id, parsed.data);
  }
  for (const source of sources) {
    for (const id of specializations.get(source.id)?.buildsOn ?? []) {
      if (specializations.get(id)?.axis !== 'function') {
        problems.push({ file: source.file, rule: 'specialization-ref', message: `buildsOn names "${id}", which is not a function-axis specialization`, fix: 'list ids of files in src/content/specializations with axis: function' });
      }
    }
  }
  return { problems, specializations };
}

export interface ValidationContext {
  /** Known specializations by id with their axis. */
  specializations: Map<string, { axis: Axis; title?: Record<string, string>; mentions?: string[] }>;
}

/** A lesson must name a listed platform or function this often before the course may claim it. */
export const MIN_LESSONS_TREATING = 2;

/** Words that show a lesson treats a specialization: its own `mentions`, else its titles. */
function mentionWords(known: { title?: Record<string, string>; mentions?: string[] }): string[] {
  return known.mentions?.length ? known.mentions : Object.values(known.title ?? {});
}

function mentionPatterns(words: string[]): RegExp[] {
  // Matched at a word start only, so German compounds ("Instagram-Post", "Krisenplan") count.
  return words.map((word) => new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu'));
}

/**
 * Honest metadata: a published course claims only platforms and functions that at least
 * two lessons treat, and its estimated hours cover the minutes its lessons say they take.
 */
function checkHonestMetadata(file: string, meta: CourseMeta, lessonTexts: string[], finalMinutes: number, lessonMinutes: number[], context: ValidationContext, problems: Problem[]): void {
  const minutes = lessonMinutes.reduce((sum, m) => sum + m, 0) + finalMinutes;
  const neededHours = Math.ceil(minutes / 60);
  if (meta.estimatedHours < neededHours) {
    problems.push({ file, rule: 'estimated-hours', message: `estimatedHours ${meta.estimatedHours} is less than the lessons' own minutes (${minutes} min, final included)`, fix: `set estimatedHours to at least ${neededHours}, or shorten the lessons' minutes if they overstate` });
  }
  for (const [field, axis] of [['specializations', 'function'], ['platforms', 'platform']] as const) {
    for (const id of meta[field]) {
      const known = context.specializations.get(id);
      if (known?.axis !== axis) continue; // reported as specialization-ref
      const words = mentionWords(known);
      const patterns = mentionPatterns(words);
      if (patterns.length === 0) continue;
      const treating = lessonTexts.filter((text) => patterns.some((pattern) => pattern.test(text))).length;
      // A one-lesson course can only name it once.
      if (treating < Math.min(MIN_LESSONS_TREATING, lessonTexts.length)) {
        problems.push({ file, rule: 'metadata-treated', message: `${field}: "${id}" is named in ${treating} lesson(s); a course claims only what at least ${MIN_LESSONS_TREATING} lessons treat (looked for: ${words.slice(0, 6).join(', ')})`, fix: `remove "${id}" from ${field}, or treat it in the lessons` });
      }
    }
  }
}

/** Validates every course folder; rules across files and across courses included. */
export function validateCourses(sources: CourseSource[], context: ValidationContext): ValidationResult {
  const problems: Problem[] = [];
  const metas = new Map<string, { meta: CourseMeta; file: string }>();
  const courses: ValidatedCourse[] = [];

  for (const source of sources) {
    const courseProblemsBefore = problems.length;
    if (!SLUG.test(source.slug)) {
      const hiding = source.slug.startsWith('_') ? '; a leading "_" does not hide a course: to keep it unpublished, set "draft: true" in course.yaml' : '';
      problems.push({ file: source.dir, rule: 'course-folder', message: `folder name "${source.slug}" is not lowercase-kebab`, fix: `rename the folder, e.g. "social-media-strategy"; it becomes the course URL${hiding}` });
    }
    let meta: CourseMeta | null = null;
    if (!source.courseYaml) {
      problems.push({ file: `${source.dir}/course.yaml`, rule: 'course-yaml-missing', message: 'the course has no course.yaml', fix: 'create course.yaml with title, summary, language and the other fields in AUTHORING.md (npm run course:new -- <slug> scaffolds one)' });
    } else {
      const file = source.courseYaml.file;
      problems.push(...placeholderProblems(file, source.courseYaml.text));
      const data = parseYamlText(file, source.courseYaml.text, problems);
      if (data !== undefined) {
        const parsed = courseSchema.safeParse(data);
        if (!parsed.success) problems.push(...schemaProblems(file, parsed.error, 'course.yaml', { yaml: source.courseYaml.text, schema: courseSchema }));
        else meta = parsed.data;
      }
      if (meta) {
        metas.set(source.slug, { meta, file });
        const axes: [keyof CourseMeta & ('specializations' | 'platforms' | 'industries'), Axis][] = [
          ['specializations', 'function'],
          ['platforms', 'platform'],
          ['industries', 'industry'],
        ];
        for (const [field, axis] of axes) {
          for (const id of meta[field]) {
            const known = context.specializations.get(id);
            if (!known) {
              problems.push({ file, rule: 'specialization-ref', message: `${field}: "${id}" is not a known specialization`, fix: `use an id of a file in src/content/specializations with axis: ${axis}` });
            } else if (known.axis !== axis) {
              problems.push({ file, rule: 'specialization-ref', message: `${field}: "${id}" lies on the ${known.axis} axis, not the ${axis} axis`, fix: `move "${id}" to the field for the ${known.axis} axis` });
            }
          }
        }
        const kinds = new Set<string>();
        meta.offers.forEach((offer, index) => {
          const where = `offers[${index}] (${offer.kind})`;
          if (kinds.has(offer.kind)) problems.push({ file, rule: 'offer-unique', message: `${where}: the kind "${offer.kind}" is offered twice`, fix: 'keep one offer per kind' });
          kinds.add(offer.kind);
          if (offer.kind === 'free') {
            if (offer.price !== undefined) problems.push({ file, rule: 'price', message: `${where}: a free offer has a price`, fix: 'remove the price, or choose a paid kind' });
          } else if (offer.price === undefined) {
            problems.push({ file, rule: 'price', message: `${where}: the offer has no price`, fix: 'add "price" in EUR, e.g. 19.99' });
          } else {
            checkPrice(file, where, offer.price, problems);
          }
        });
      }
    }

    const regular: { source: CourseSource['lessons'][number]; number: number }[] = [];
    let finalSource: CourseSource['lessons'][number] | null = null;
    for (const lesson of source.lessons) {
      if (lesson.fileName === FINAL_FILE) {
        finalSource = lesson;
        continue;
      }
      const match = LESSON_FILE.exec(lesson.fileName);
      if (!match) {
        problems.push({ file: lesson.file, rule: 'lesson-file-name', message: `"${lesson.fileName}" is not a lesson file name`, fix: 'name regular lessons NN-slug.mdx (e.g. 03-campaign-goals.mdx) and the final lesson final.mdx' });
        continue;
      }
      regular.push({ source: lesson, number: Number(match[1]) });
    }

    const lessonsDir = `${source.dir}/lessons`;
    if (regular.length === 0) {
      problems.push({ file: lessonsDir, rule: 'lesson-count', message: 'the course has no regular lessons', fix: 'add at least one lesson, e.g. lessons/01-introduction.mdx' });
    } else if (regular.length > MAX_LESSONS) {
      problems.push({ file: lessonsDir, rule: 'lesson-count', message: `the course has ${regular.length} regular lessons; at most ${MAX_LESSONS} are allowed`, fix: `merge or split the course so that it has ${MAX_LESSONS} lessons or fewer (plus final.mdx)` });
    }
    const numbers = regular.map((l) => l.number).sort((a, b) => a - b);
    for (const n of new Set(numbers.filter((n, i) => numbers.indexOf(n) !== i))) {
      const files = regular.filter((l) => l.number === n).map((l) => l.source.fileName).join(', ');
      problems.push({ file: lessonsDir, rule: 'lesson-numbering', message: `lesson number ${String(n).padStart(2, '0')} is used twice (${files})`, fix: 'give every lesson its own number' });
    }
    const unique = new Set(numbers);
    const two = (n: number) => String(n).padStart(2, '0');
    if (unique.has(0)) {
      const files = regular.filter((l) => l.number === 0).map((l) => l.source.fileName).join(', ');
      problems.push({ file: lessonsDir, rule: 'lesson-numbering', message: `lesson number 00 (${files}): lesson numbering starts at 01`, fix: 'number the first lesson 01 and count on from there, e.g. rename 00-intro.mdx to 01-intro.mdx and shift the others up by one' });
    }
    const missing: number[] = [];
    for (let n = 1; n <= Math.max(0, ...unique); n++) if (!unique.has(n)) missing.push(n);
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).map(two).join(', ') + (missing.length > 10 ? ` and ${missing.length - 10} more` : '');
      const message = missing.length === 1 ? `lesson numbers have a gap: ${shown} is missing` : `lesson numbers have gaps: ${shown} are missing`;
      problems.push({ file: lessonsDir, rule: 'lesson-numbering', message, fix: 'number lessons 01, 02, 03 … without gaps (rename the files after a gap)' });
    }
    if (!finalSource) {
      problems.push({ file: lessonsDir, rule: 'final-lesson', message: 'the course has no final lesson', fix: 'add lessons/final.mdx with the final assessment and a closing task' });
    }

    const lessons = regular
      .sort((a, b) => a.number - b.number)
      .map(({ source: lesson, number }) => validateRegularLesson(lesson, number, problems).lesson);
    const final = finalSource ? validateFinalLesson(finalSource, problems) : null;
    if (final) checkFinalPool(final, regular.map((l) => l.source.fileName.replace(/\.mdx$/, '')), problems);

    // Progress is stored per course and task id, so a lesson can be renamed or renumbered without
    // losing answers: task ids must be unique across the whole course, not only within a lesson.
    const owners = new Map<string, string>();
    for (const lesson of [...lessons, final]) {
      if (!lesson) continue;
      const ids = 'tasks' in lesson.meta ? lesson.meta.tasks.map((t) => t.id) : [(lesson.meta as FinalLessonMeta).closingTask.id];
      for (const id of new Set(ids)) {
        const owner = owners.get(id);
        if (owner) {
          problems.push({ file: lesson.file, rule: 'task-id-unique', message: `task id "${id}" is already used in ${owner}`, fix: 'give every task in a course its own id (progress is stored against it, so lessons can be renamed safely)' });
        } else {
          owners.set(id, lesson.file.split('/').pop()!);
        }
      }
    }

    if (meta && final && meta.certificate.passMark !== undefined && meta.certificate.passMark < final.meta.assessment.passMark) {
      problems.push({ file: source.courseYaml!.file, rule: 'pass-mark', message: `certificate.passMark ${meta.certificate.passMark} is lower than the final lesson's pass mark ${final.meta.assessment.passMark}`, fix: 'leave certificate.passMark out, or set it at least as high as the final assessment\'s pass mark' });
    }

    if (meta && !meta.draft && final && lessons.every((l) => l)) {
      const texts = regular.map((l) => l.source.text);
      checkHonestMetadata(source.courseYaml!.file, meta, texts, final.meta.minutes, lessons.map((l) => l!.meta.minutes), context, problems);
    }

    if (problems.length === courseProblemsBefore && meta && final && lessons.every((l) => l)) {
      courses.push({ slug: source.slug, meta, lessons: lessons as ValidatedLesson[], final });
    }
  }

  // Translations refer across courses, so they are checked once every course.yaml is read.
  const brokenTranslations = new Set<string>();
  for (const [slug, { meta, file }] of metas) {
    const before = problems.length;
    const languages = new Set([meta.language]);
    for (const other of meta.translations) {
      const target = metas.get(other);
      if (other === slug) {
        problems.push({ file, rule: 'translation-ref', message: `translations lists the course itself`, fix: 'list only the other language versions' });
      } else if (!target) {
        problems.push({ file, rule: 'translation-ref', message: `translations: no course "${other}" exists`, fix: 'use the folder name of a course in courses/' });
      } else if (languages.has(target.meta.language)) {
        problems.push({ file, rule: 'translation-ref', message: `translations: "${other}" is in ${target.meta.language}, a language this course or another translation already covers`, fix: 'list one version per other language' });
      } else if (!target.meta.translations.includes(slug)) {
        problems.push({ file, rule: 'translation-ref', message: `translations: "${other}" does not list "${slug}" back`, fix: `add "${slug}" to the translations of ${other}/course.yaml, so readers find their way both ways` });
      }
      if (target) languages.add(target.meta.language);
    }
    if (problems.length > before) brokenTranslations.add(slug);
  }
  // The content-quality rules look at a whole course at once; they run on courses that pass every
  // other rule, so a structural mistake is fixed first and is not buried under follow-up reports.
  const passed: ValidatedCourse[] = [];
  for (const course of courses) {
    if (brokenTranslations.has(course.slug)) continue;
    const before = problems.length;
    checkCourseQuality(course, metas.get(course.slug)?.file ?? course.final.file, problems);
    if (problems.length === before) passed.push(course);
  }
  return { problems, courses: passed };
}

/** Formats problems for a terminal or an error message: one block per problem. */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.file}\n  [${p.rule}] ${p.message}\n  fix: ${p.fix}`).join('\n');
}
