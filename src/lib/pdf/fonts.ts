/**
 * The typeface every PDF embeds: Noto Sans (SIL Open Font License), which covers German and
 * Swedish letters and far beyond. It comes from an npm package so no binary font sits in the
 * repository; PDFKit subsets it, so a document only carries the glyphs it uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const font = (file: string) => require.resolve(`@expo-google-fonts/noto-sans/${file}`);

/** File paths of the faces, for `doc.registerFont(name, path)`. */
export const FONT_FILES = {
  regular: font('400Regular/NotoSans_400Regular.ttf'),
  italic: font('400Regular_Italic/NotoSans_400Regular_Italic.ttf'),
  semibold: font('600SemiBold/NotoSans_600SemiBold.ttf'),
  bold: font('700Bold/NotoSans_700Bold.ttf'),
} as const;

export type FontFace = keyof typeof FONT_FILES;

/** The font files, read once per process rather than once per document. */
let fontData: [FontFace, Buffer][] | undefined;

/** Registers every face on a PDFKit document under its key (`doc.font('bold')`). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  fontData ??= Object.entries(FONT_FILES).map(([name, file]) => [name as FontFace, readFileSync(file)]);
  for (const [name, data] of fontData) doc.registerFont(name, data);
  doc.font('regular');
}
