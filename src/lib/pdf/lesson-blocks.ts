/**
 * A lesson's MDX body as a short list of typed blocks that a typesetter can draw without
 * knowing markdown: headings, paragraphs made of styled runs, lists, quotes, tables, code and
 * the lesson components (<Task>, <Tip>, <Callout>, …). The body is parsed with the same syntax
 * the site renders (markdown + GFM + MDX), so what the PDF shows matches the lesson page.
 * Pure: no file system, no rendering, and it never throws on odd input.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import type { AsideKind } from './course-pdf-copy.ts';

/** A stretch of text in one style. */
export interface TextRun {
  text: string;
  bold?: true;
  italic?: true;
  /** Inline code; there is no monospaced face, so the typesetter marks it otherwise. */
  code?: true;
  /** Target of a link. */
  href?: string;
}

export interface ListItem {
  /** GFM task-list state: `true`/`false` for `- [x]`/`- [ ]`, `null` for an ordinary item. */
  checked: boolean | null;
  children: LessonBlock[];
}

export type TableAlign = 'left' | 'center' | 'right' | null;

/** A post mock-up's props (see src/components/mdx/PostMockup.astro). */
export interface PostMockupProps {
  network?: string;
  author?: string;
  handle?: string;
  time?: string;
  likes?: number;
  comments?: number;
  shares?: number;
}

export type LessonBlock =
  | { type: 'heading'; depth: number; runs: TextRun[] }
  | { type: 'paragraph'; runs: TextRun[] }
  | { type: 'list'; ordered: boolean; start: number; items: ListItem[] }
  | { type: 'quote'; children: LessonBlock[] }
  | { type: 'table'; align: TableAlign[]; header: TextRun[][]; rows: TextRun[][][] }
  | { type: 'code'; text: string }
  | { type: 'rule' }
  /** An image is never fetched; its alt text stands in for it. */
  | { type: 'image'; alt: string; src?: string }
  /** `<Task id="…" />`: the task with that id from the frontmatter goes here. */
  | { type: 'task'; id: string }
  | { type: 'aside'; kind: AsideKind; title?: string; children: LessonBlock[] }
  | { type: 'figure'; caption?: string; children: LessonBlock[] }
  | { type: 'key-figure'; value: string; source?: string; children: LessonBlock[] }
  | ({ type: 'post'; children: LessonBlock[] } & PostMockupProps);

/** The subset of the mdast + GFM + MDX node shapes read here. */
interface MdNode {
  type: string;
  value?: string;
  depth?: number;
  ordered?: boolean | null;
  start?: number | null;
  checked?: boolean | null;
  url?: string;
  alt?: string | null;
  label?: string | null;
  identifier?: string;
  align?: TableAlign[] | null;
  name?: string | null;
  attributes?: MdxAttribute[];
  children?: MdNode[];
}

interface MdxAttribute {
  type: string;
  name?: string;
  value?: string | null | { type: string; value: string };
}

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMdx);

/** Components that stand as blocks of their own even when MDX parsed them inside a paragraph. */
const BLOCK_COMPONENTS = new Set(['Task', 'Tip', 'Callout', 'Example', 'Figure', 'KeyFigure', 'PostMockup']);
const CALLOUT_KINDS: ReadonlySet<string> = new Set(['note', 'warning', 'legal']);

/** A JSX attribute as text: plain strings, and literals written as expressions (`likes={214}`, `title={"…"}`). */
function attributeText(node: MdNode, name: string): string | undefined {
  const attribute = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  const value = attribute?.value;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const code = value.value.trim();
    const quoted = /^(["'`])([\s\S]*)\1$/.exec(code);
    if (quoted && !(quoted[1] === '`' && quoted[2].includes('${'))) return quoted[2];
    if (/^-?\d+(?:\.\d+)?$/.test(code)) return code;
  }
  return undefined;
}

function attributeNumber(node: MdNode, name: string): number | undefined {
  const text = attributeText(node, name);
  if (text === undefined || text.trim() === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

type Style = Omit<TextRun, 'text'>;

/** Soft line breaks in markdown are spaces; a hard break (`break` node) stays a newline. */
function collapse(text: string): string {
  return text.replace(/[ \t]*\r?\n[ \t]*/g, ' ');
}

function inlineRuns(nodes: MdNode[] | undefined, style: Style = {}): TextRun[] {
  const runs: TextRun[] = [];
  for (const node of nodes ?? []) {
    switch (node.type) {
      case 'text':
        runs.push({ ...style, text: collapse(node.value ?? '') });
        break;
      case 'inlineCode':
        runs.push({ ...style, code: true, text: node.value ?? '' });
        break;
      case 'break':
        runs.push({ ...style, text: '\n' });
        break;
      case 'strong':
        runs.push(...inlineRuns(node.children, { ...style, bold: true }));
        break;
      case 'emphasis':
        runs.push(...inlineRuns(node.children, { ...style, italic: true }));
        break;
      case 'link':
        runs.push(...inlineRuns(node.children, node.url ? { ...style, href: node.url } : style));
        break;
      case 'image':
      case 'imageReference':
        if (node.alt) runs.push({ ...style, italic: true, text: `[${node.alt}]` });
        break;
      case 'footnoteReference':
        runs.push({ ...style, text: `[${node.label ?? node.identifier ?? ''}]` });
        break;
      case 'mdxTextExpression':
      case 'mdxjsEsm':
        // Comments ({/* … */}) render nothing; the validator refuses any other expression.
        break;
      default:
        // delete, linkReference, unknown inline components: their text is what matters on paper.
        if (node.children) runs.push(...inlineRuns(node.children, style));
        else if (typeof node.value === 'string') runs.push({ ...style, text: collapse(node.value) });
    }
  }
  return mergeRuns(runs);
}

function sameStyle(a: TextRun, b: TextRun): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.code === b.code && a.href === b.href;
}

function mergeRuns(runs: TextRun[]): TextRun[] {
  const merged: TextRun[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = merged.at(-1);
    if (last && sameStyle(last, run)) last.text += run.text;
    else merged.push({ ...run });
  }
  return merged;
}

/** Drops leading and trailing white space of a paragraph, which a JSX line break or a split leaves behind. */
function trimRuns(runs: TextRun[]): TextRun[] {
  const result = runs.map((r) => ({ ...r }));
  while (result.length && result[0].text.trimStart() === '') result.shift();
  while (result.length && result.at(-1)!.text.trimEnd() === '') result.pop();
  if (result.length) {
    result[0].text = result[0].text.trimStart();
    result[result.length - 1].text = result[result.length - 1].text.trimEnd();
  }
  return result;
}

export function runsText(runs: TextRun[]): string {
  return runs.map((r) => r.text).join('');
}

function isJsx(node: MdNode): boolean {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/**
 * A paragraph, split where a block component sits inside it: MDX puts
 * `<KeyFigure …>text</KeyFigure>` on one line into a paragraph, but it is a block on the page.
 */
function paragraphBlocks(node: MdNode): LessonBlock[] {
  const blocks: LessonBlock[] = [];
  let pending: MdNode[] = [];
  const flush = () => {
    const runs = trimRuns(inlineRuns(pending));
    if (runs.length) blocks.push({ type: 'paragraph', runs });
    pending = [];
  };
  for (const child of node.children ?? []) {
    if (isJsx(child) && child.name && BLOCK_COMPONENTS.has(child.name)) {
      flush();
      blocks.push(...componentBlocks(child, phrasingAsBlocks(child.children)));
    } else if (child.type === 'image') {
      flush();
      blocks.push({ type: 'image', alt: child.alt ?? '', src: child.url });
    } else {
      pending.push(child);
    }
  }
  flush();
  return blocks;
}

/** Children of an inline component, as the body of a block. */
function phrasingAsBlocks(children: MdNode[] | undefined): LessonBlock[] {
  return paragraphBlocks({ type: 'paragraph', children });
}

function componentBlocks(node: MdNode, children: LessonBlock[]): LessonBlock[] {
  const title = attributeText(node, 'title')?.trim() || undefined;
  switch (node.name) {
    case 'Task': {
      const id = attributeText(node, 'id');
      return id ? [{ type: 'task', id }] : [];
    }
    case 'Tip':
      return [{ type: 'aside', kind: 'tip', title, children }];
    case 'Example':
      return [{ type: 'aside', kind: 'example', title, children }];
    case 'Callout': {
      const type = attributeText(node, 'type') ?? 'note';
      return [{ type: 'aside', kind: (CALLOUT_KINDS.has(type) ? type : 'note') as AsideKind, title, children }];
    }
    case 'Figure': {
      const src = attributeText(node, 'src');
      const body: LessonBlock[] = src ? [{ type: 'image', src, alt: attributeText(node, 'alt') ?? '' }] : children;
      return [{ type: 'figure', caption: attributeText(node, 'caption')?.trim() || undefined, children: body }];
    }
    case 'KeyFigure':
      return [{ type: 'key-figure', value: attributeText(node, 'value') ?? '', source: attributeText(node, 'source')?.trim() || undefined, children }];
    case 'PostMockup':
      return [
        {
          type: 'post',
          network: attributeText(node, 'network'),
          author: attributeText(node, 'author'),
          handle: attributeText(node, 'handle'),
          time: attributeText(node, 'time'),
          likes: attributeNumber(node, 'likes'),
          comments: attributeNumber(node, 'comments'),
          shares: attributeNumber(node, 'shares'),
          children,
        },
      ];
    default:
      // An element the PDF does not know: its content still belongs to the lesson.
      return children;
  }
}

function flowBlocks(nodes: MdNode[] | undefined): LessonBlock[] {
  const blocks: LessonBlock[] = [];
  for (const node of nodes ?? []) blocks.push(...flowBlock(node));
  return blocks;
}

function flowBlock(node: MdNode): LessonBlock[] {
  switch (node.type) {
    case 'heading': {
      const runs = trimRuns(inlineRuns(node.children));
      return runs.length ? [{ type: 'heading', depth: node.depth ?? 2, runs }] : [];
    }
    case 'paragraph':
      return paragraphBlocks(node);
    case 'list':
      return [
        {
          type: 'list',
          ordered: Boolean(node.ordered),
          start: node.start ?? 1,
          items: (node.children ?? []).map((item) => ({ checked: item.checked ?? null, children: flowBlocks(item.children) })),
        },
      ];
    case 'blockquote':
      return [{ type: 'quote', children: flowBlocks(node.children) }];
    case 'table': {
      const [head, ...rows] = (node.children ?? []).map((row) => (row.children ?? []).map((cell) => trimRuns(inlineRuns(cell.children))));
      if (!head) return [];
      const columns = Math.max(head.length, ...rows.map((r) => r.length));
      const pad = (row: TextRun[][]) => [...row, ...Array.from({ length: columns - row.length }, () => [])];
      const align = Array.from({ length: columns }, (_, i) => node.align?.[i] ?? null);
      return [{ type: 'table', align, header: pad(head), rows: rows.map(pad) }];
    }
    case 'code':
      return [{ type: 'code', text: node.value ?? '' }];
    case 'thematicBreak':
      return [{ type: 'rule' }];
    case 'footnoteDefinition': {
      const children = flowBlocks(node.children);
      const first = children[0];
      if (first?.type === 'paragraph') first.runs.unshift({ text: `[${node.label ?? node.identifier ?? ''}] ` });
      return children;
    }
    case 'mdxJsxFlowElement':
      return node.name ? componentBlocks(node, flowBlocks(node.children)) : flowBlocks(node.children);
    case 'html':
      return node.value?.trim() ? [{ type: 'paragraph', runs: [{ text: node.value.trim() }] }] : [];
    case 'definition':
    case 'mdxFlowExpression':
    case 'mdxjsEsm':
    case 'yaml':
      return [];
    default:
      if (node.children) return flowBlocks(node.children);
      return typeof node.value === 'string' && node.value.trim() ? [{ type: 'paragraph', runs: [{ text: collapse(node.value.trim()) }] }] : [];
  }
}

/**
 * Parses a lesson body (MDX without frontmatter) into blocks. A body that MDX cannot read
 * (which `courses:check` prevents) still comes out as plain paragraphs, so a PDF never fails on it.
 */
export function lessonBlocks(body: string): LessonBlock[] {
  let tree: MdNode;
  try {
    tree = parser.parse(body) as MdNode;
  } catch {
    return body
      .split(/\r?\n\s*\r?\n/)
      .map((chunk) => collapse(chunk.trim()))
      .filter(Boolean)
      .map((text) => ({ type: 'paragraph', runs: [{ text }] }));
  }
  return flowBlocks(tree.children);
}

/** Ids of the `<Task>` blocks, in document order, wherever they are nested. */
export function placedTaskIds(blocks: LessonBlock[]): string[] {
  const ids: string[] = [];
  const visit = (list: LessonBlock[]) => {
    for (const block of list) {
      if (block.type === 'task') ids.push(block.id);
      else if (block.type === 'list') block.items.forEach((item) => visit(item.children));
      else if ('children' in block) visit(block.children);
    }
  };
  visit(blocks);
  return ids;
}
