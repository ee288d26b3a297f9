import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { anyLessonSchema, courseSchema, specializationSchema } from './lib/courses/schema.ts';
import { assessmentContextSchema, assessmentItemSchema } from './lib/assessment/schema.ts';
import { z } from 'astro/zod';
import { validatedGlob } from './lib/authoring/content-loader.ts';
import { siteOfferSchema } from './lib/commerce/schema.ts';
import { contentPaths } from './lib/authoring/check.ts';

const { coursesDir, specializationsDir } = contentPaths();

/** One entry per course folder; the id is the folder name. */
const courses = defineCollection({
  loader: validatedGlob({
    pattern: '*/course.yaml',
    base: coursesDir,
    generateId: ({ entry }) => entry.split('/')[0],
  }),
  schema: courseSchema,
});

/** Every lesson, id `<course>/<file name without .mdx>`, e.g. `social-media-strategy/03-goals`. */
const lessons = defineCollection({
  loader: validatedGlob({
    pattern: '*/lessons/*.mdx',
    base: coursesDir,
    generateId: ({ entry }) => entry.replace('/lessons/', '/').replace(/\.mdx$/, ''),
  }),
  schema: anyLessonSchema,
});

const specializations = defineCollection({
  loader: glob({ pattern: '*.yaml', base: specializationsDir, generateId: ({ entry }) => entry.replace(/\.yaml$/, '') }),
  schema: specializationSchema,
});

/** Self-assessment: one item per function, plus `context` (roles and goals). */
const assessment = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './src/content/assessment', generateId: ({ entry }) => entry.replace(/\.yaml$/, '') }),
  schema: z.union([assessmentItemSchema, assessmentContextSchema]),
});

/** Site-wide offers: consulting hours, seats for organisations (one YAML file each; the id is the file name). */
const offers = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './src/content/offers', generateId: ({ entry }) => entry.replace(/\.yaml$/, '') }),
  schema: siteOfferSchema,
});

/** Legal pages the operator edits: `<page>/<language>.md`, e.g. `imprint/de`. */
const legal = defineCollection({
  loader: glob({ pattern: '*/*.md', base: './src/content/legal', generateId: ({ entry }) => entry.replace(/\.md$/, '') }),
  schema: z.strictObject({
    /** Page title. */
    title: z.string().min(1),
    /** One sentence for the meta description. */
    summary: z.string().min(20).max(300),
    /** When the text last changed. */
    updated: z.coerce.date(),
  }),
});

export const collections = { courses, lessons, specializations, assessment, offers, legal };
