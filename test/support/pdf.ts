/**
 * Reading our PDFs back the way a reader's software does: text through Mozilla's pdf.js,
 * so tests assert on what a person (or a screen reader) would actually get out of the file.
 * QR codes are decoded from the embedded images, as a phone camera would read the printout.
 */
import jsQRModule from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

// jsqr is a webpack UMD bundle: depending on the CommonJS interop the default import is the
// function itself or the module object holding it.
const jsQR: typeof jsQRModule =
  typeof jsQRModule === 'function' ? jsQRModule : (jsQRModule as unknown as { default: typeof jsQRModule }).default;

async function open(pdf: Uint8Array) {
  return getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 }).promise;
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

/** What pdf.js hands back for a decoded image in Node (no canvas, so raw pixels, no bitmap). */
interface DecodedImage {
  width: number;
  height: number;
  /** 1 = grayscale 1 bit per pixel (rows padded to whole bytes), 2 = RGB, 3 = RGBA. */
  kind: number;
  data?: Uint8Array | Uint8ClampedArray;
  bitmap?: unknown;
}

/**
 * Decodes every QR code painted as an image on any page: pdf.js decodes the image XObjects
 * exactly as a viewer would (filters, predictors, soft masks), and jsQR reads the pixels, so a
 * test proves the printed code really leads where it should.
 */
export async function decodePdfQrCodes(pdf: Uint8Array): Promise<string[]> {
  const doc = await open(pdf);
  const found: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const operators = await page.getOperatorList();
    for (let i = 0; i < operators.fnArray.length; i++) {
      const op = operators.fnArray[i];
      let image: DecodedImage | undefined;
      if (op === OPS.paintImageXObject) {
        const name = operators.argsArray[i][0] as string;
        // Images used on several pages live in the document-wide store under a "g_" prefix.
        const store = name.startsWith('g_') ? page.commonObjs : page.objs;
        image = await new Promise<DecodedImage>((resolve) => store.get(name, resolve));
      } else if (op === OPS.paintInlineImageXObject) {
        image = operators.argsArray[i][0] as DecodedImage;
      }
      if (!image) continue;
      const decoded = decodeQr(image);
      if (decoded !== null) found.push(decoded);
    }
  }
  await doc.cleanup();
  return found;
}

const QUIET_ZONE = 16;

function decodeQr(image: DecodedImage): string | null {
  if (!image.data) throw new Error('pdf.js returned an image without raw pixel data (a bitmap?); cannot decode it in Node');
  const { width, height, kind, data } = image;
  // A white border around the image: scanners (and jsQR) need a quiet zone to find the code.
  const paddedWidth = width + 2 * QUIET_ZONE;
  const paddedHeight = height + 2 * QUIET_ZONE;
  const rgba = new Uint8ClampedArray(paddedWidth * paddedHeight * 4).fill(255);
  const rowBytes = Math.ceil(width / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r: number, g: number, b: number;
      if (kind === 1) {
        const bit = (data[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
        r = g = b = bit ? 255 : 0;
      } else if (kind === 2) {
        const at = (y * width + x) * 3;
        [r, g, b] = [data[at], data[at + 1], data[at + 2]];
      } else if (kind === 3) {
        const at = (y * width + x) * 4;
        // Composite onto white paper, as a printout would show a transparent pixel.
        const alpha = data[at + 3] / 255;
        [r, g, b] = [0, 1, 2].map((c) => data[at + c] * alpha + 255 * (1 - alpha)) as [number, number, number];
      } else {
        throw new Error(`Unknown pdf.js image kind ${kind}`);
      }
      const to = ((y + QUIET_ZONE) * paddedWidth + x + QUIET_ZONE) * 4;
      rgba[to] = r;
      rgba[to + 1] = g;
      rgba[to + 2] = b;
    }
  }
  return jsQR(rgba, paddedWidth, paddedHeight)?.data ?? null;
}
