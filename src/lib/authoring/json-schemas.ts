/**
 * JSON Schemas for editors, generated from the same zod schemas that validate courses, so an
 * editor's hints can never disagree with `courses:check`. The JSDoc line on every field of
 * src/lib/courses/schema.ts becomes the field's description, shown while typing: each object in
 * the JSON Schema takes the descriptions of the object literal in the source with the same keys.
 * `npm run schemas` writes them to schemas/; a test keeps the committed files current.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { z } from 'astro/zod';
import { courseSchema, finalLessonSchema, lessonSchema } from '../courses/schema.ts';

export const SCHEMA_FILES = {
  'course.schema.json': { schema: courseSchema, title: 'Channelwise course.yaml' },
  'lesson.schema.json': { schema: lessonSchema, title: 'Channelwise lesson frontmatter' },
  'final-lesson.schema.json': { schema: finalLessonSchema, title: 'Channelwise final lesson frontmatter' },
} as const;

type Docs = Map<string, string>;

/** Every object literal in the schema source, with the JSDoc of each of its keys (spreads resolved). */
function objectDocs(sourcePath: string): Docs[] {
  const source = ts.createSourceFile(sourcePath, readFileSync(sourcePath, 'utf8'), ts.ScriptTarget.Latest, true);
  const constants = new Map<string, ts.ObjectLiteralExpression>();
  const literals: ts.ObjectLiteralExpression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isObjectLiteralExpression(node.initializer)) constants.set(node.name.text, node.initializer);
    if (ts.isObjectLiteralExpression(node)) literals.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const docsOf = (literal: ts.ObjectLiteralExpression): Docs => {
    const docs: Docs = new Map();
    for (const property of literal.properties) {
      if (ts.isSpreadAssignment(property) && ts.isIdentifier(property.expression)) {
        const spread = constants.get(property.expression.text);
        if (spread) for (const [key, doc] of docsOf(spread)) docs.set(key, doc);
      } else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        const doc = ts.getJSDocCommentsAndTags(property).map((d) => (ts.isJSDoc(d) && typeof d.comment === 'string' ? d.comment : '')).join(' ').trim();
        docs.set(property.name.text, doc);
      }
    }
    return docs;
  };
  return literals.map(docsOf).filter((docs) => docs.size > 0);
}

/** Adds descriptions to every object node whose keys match a documented literal's keys. */
function describe(node: unknown, all: Docs[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((child) => describe(child, all));
  const record = node as Record<string, unknown>;
  const properties = record.properties as Record<string, Record<string, unknown>> | undefined;
  if (properties) {
    const keys = Object.keys(properties);
    const match = all.find((docs) => docs.size === keys.length && keys.every((key) => docs.has(key)));
    if (match) for (const key of keys) if (match.get(key) && !properties[key].description) properties[key].description = match.get(key);
  }
  for (const value of Object.values(record)) describe(value, all);
}

/** The schema files as text, keyed by file name. */
export function jsonSchemas(schemaSource = new URL('../courses/schema.ts', import.meta.url).pathname): Record<string, string> {
  const docs = objectDocs(schemaSource);
  return Object.fromEntries(
    Object.entries(SCHEMA_FILES).map(([file, { schema, title }]) => {
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      describe(json, docs);
      return [file, `${JSON.stringify({ ...json, title }, null, 2)}\n`];
    }),
  );
}
