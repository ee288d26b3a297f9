/**
 * Reading course and specialization files from disk into plain text records, so that the
 * validation in `validate.ts` stays a pure function over data (testable without a file system
 * and shared by the content loader, `npm run courses:check` and the unit tests).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface SourceFile {
  /** Path for messages, relative to the project root where possible, e.g. `courses/x/lessons/01-a.mdx`. */
  file: string;
  /** Raw file contents. */
  text: string;
}

export interface CourseSource {
  /** The course folder name, which is also its URL segment. */
  slug: string;
  /** Folder path for messages. */
  dir: string;
  /** `course.yaml`, when present. */
  courseYaml?: SourceFile;
  /** Every file inside `lessons/`, including ones with a wrong name (the validator reports them). */
  lessons: (SourceFile & { fileName: string })[];
}

export interface YamlSource extends SourceFile {
  id: string;
}

function display(file: string, root: string): string {
  const rel = path.relative(root, file);
  return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads every course folder below `coursesDir`. Hidden entries (`.x`) and plain files are skipped;
 * folders starting with `_` are read like any other, because the content loader serves them too
 * (the validator then refuses the name).
 */
export async function readCourseTree(coursesDir: string, root = process.cwd()): Promise<CourseSource[]> {
  const entries = await readdir(coursesDir, { withFileTypes: true });
  const courses: CourseSource[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = path.join(coursesDir, entry.name);
    const course: CourseSource = { slug: entry.name, dir: display(dir, root), lessons: [] };
    const yamlPath = path.join(dir, 'course.yaml');
    try {
      course.courseYaml = { file: display(yamlPath, root), text: await readFile(yamlPath, 'utf8') };
    } catch {
      // reported by the validator as a missing course.yaml
    }
    const lessonsDir = path.join(dir, 'lessons');
    if (await isDirectory(lessonsDir)) {
      const names = (await readdir(lessonsDir)).filter((n) => !n.startsWith('.')).sort();
      for (const fileName of names) {
        const file = path.join(lessonsDir, fileName);
        if (await isDirectory(file)) continue;
        course.lessons.push({ fileName, file: display(file, root), text: await readFile(file, 'utf8') });
      }
    }
    courses.push(course);
  }
  return courses;
}

/** Reads `src/content/specializations/*.yaml`. */
export async function readYamlFiles(dir: string, root = process.cwd()): Promise<YamlSource[]> {
  // Only .yaml: the content collections load exactly these files.
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (name) => ({
      id: name.replace(/\.yaml$/, ''),
      file: display(path.join(dir, name), root),
      text: await readFile(path.join(dir, name), 'utf8'),
    })),
  );
}
