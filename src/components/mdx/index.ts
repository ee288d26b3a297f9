/** Components every lesson may use without importing them. */
import Task from './Task.astro';
import Tip from './Tip.astro';
import Callout from './Callout.astro';
import Example from './Example.astro';
import Figure from './Figure.astro';
import KeyFigure from './KeyFigure.astro';
import PostMockup from './PostMockup.astro';

export const lessonComponents = { Task, Tip, Callout, Example, Figure, KeyFigure, PostMockup };
