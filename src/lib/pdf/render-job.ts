/**
 * One typesetting job, as plain data: it crosses into a worker thread (see `render-pool.ts`), so
 * it carries inputs that survive structured cloning and nothing else.
 */
import { renderCoursePdf, renderLessonPdf, type CoursePdfInput, type CoursePdfOptions } from './course-pdf.ts';
import { renderCertificatePdf, type CertificatePdfInput } from './certificate-pdf.ts';

export type PdfJob =
  | { kind: 'course'; input: CoursePdfInput; options: CoursePdfOptions }
  | { kind: 'lesson'; input: CoursePdfInput; lessonSlug: string }
  | { kind: 'certificate'; input: CertificatePdfInput };

/** Typesets the job in the calling thread. */
export function runPdfJob(job: PdfJob): Promise<Buffer> {
  switch (job.kind) {
    case 'course':
      return renderCoursePdf(job.input, job.options);
    case 'lesson':
      return renderLessonPdf(job.input, job.lessonSlug);
    case 'certificate':
      return renderCertificatePdf(job.input);
  }
}
