/**
 * Names of the components a lesson may use without importing them. The validator refuses any
 * other component; keep this list in sync with the map in src/components/mdx/index.ts.
 */
export const LESSON_COMPONENTS = ['Task', 'Tip', 'Callout', 'Example', 'Figure', 'KeyFigure', 'PostMockup'] as const;
export type LessonComponent = (typeof LESSON_COMPONENTS)[number];

export function isLessonComponent(name: string): name is LessonComponent {
  return (LESSON_COMPONENTS as readonly string[]).includes(name);
}
