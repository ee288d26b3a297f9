/** `npm run schemas`: writes the JSON Schemas for course.yaml and lesson frontmatter to schemas/ (editor hints; see AUTHORING.md). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsonSchemas } from '../src/lib/authoring/json-schemas.ts';

const dir = path.resolve(import.meta.dirname, '..', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(jsonSchemas())) writeFileSync(path.join(dir, file), text);
console.log(`Wrote ${Object.keys(jsonSchemas()).join(', ')} to schemas/`);
