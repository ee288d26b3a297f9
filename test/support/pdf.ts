/**
 * Reading our PDFs back the way a reader's software does: text through Mozilla's pdf.js,
 * so tests assert on what a person (or a screen reader) would actually get out of the file.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function open(pdf: Uint8Array) {
  return getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
}

/** The text of every page, lines joined with newlines (one string per page). */
export async function extractPdfText(pdf: Uint8Array): Promise<string[]> {
  const doc = await open(pdf);
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text);
  }
  await doc.cleanup();
  return pages;
}

/** Page count and the document's metadata (title, language). */
export async function pdfInfo(pdf: Uint8Array): Promise<{ pages: number; title?: string; language?: string }> {
  const doc = await open(pdf);
  const { info } = (await doc.getMetadata()) as { info: Record<string, unknown> };
  const pages = doc.numPages;
  await doc.cleanup();
  return { pages, title: info.Title as string | undefined, language: info.Language as string | undefined };
}
