/** Components every lesson may use without importing them. */
import Task from './Task.astro';
import Tip from './Tip.astro';
import Callout from './Callout.astro';
import Example from './Example.astro';
import Figure from './Figure.astro';
import KeyFigure from './KeyFigure.astro';
import PostMockup from './PostMockup.astro';
import ScrollTable from './ScrollTable.astro';
import TaskMarker from './TaskMarker.astro';

export const lessonComponents = { Task, Tip, Callout, Example, Figure, KeyFigure, PostMockup };

/** What a lesson body renders with: the authors' components, and HTML elements we render our own way. */
export const lessonRenderComponents = { ...lessonComponents, table: ScrollTable };

/** The same for the body cache: tasks leave a marker and are rendered per reader (see `LessonBody.astro`). */
export const lessonBodyComponents = { ...lessonRenderComponents, Task: TaskMarker };
